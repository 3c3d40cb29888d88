package dev.channels.api.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.api.Handler;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LoggingMiddlewareTest {

    private final RecordingLogger logger = new RecordingLogger(Level.DEBUG);
    private final HandlerContext ctx = HandlerContext.of("client-3", "room-7");
    private final Message msg = Message.create("chat.send", "room-7");

    @Test
    void logsAReplyWithTypeClientChannelAndOutcome() throws Exception {
        Optional<Message> reply = LoggingMiddleware.of(logger, Level.INFO, m -> false)
                .wrap((c, m) -> Optional.of(m.newFrom("chat.sent"))).handle(ctx, msg);

        assertThat(reply).isPresent();
        assertThat(logger.entries).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(Level.INFO);
            assertThat(e.message()).contains("'chat.send'").contains("client-3").contains("room-7")
                    .contains("ms").contains("replied 'chat.sent'");
        });
    }

    @Test
    void logsNoReply() throws Exception {
        LoggingMiddleware.of(logger, Level.DEBUG, m -> false).wrap((c, m) -> m.noContent()).handle(ctx, msg);

        assertThat(logger.entries).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(Level.DEBUG);
            assertThat(e.message()).contains("no reply");
        });
    }

    /** A handler's failure, an exception or an error such as a failed assertion, and a handler that throws it. */
    static Stream<Arguments> failures() {
        IllegalStateException exception = new IllegalStateException("boom");
        AssertionError error = new AssertionError("bad");
        return Stream.of(
                Arguments.of(exception, (Handler) (c, m) -> {
                    throw exception;
                }),
                Arguments.of(error, (Handler) (c, m) -> {
                    throw error;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void logsAFailureAndRethrowsTheSameOne(Throwable failure, Handler failing) {
        assertThatThrownBy(() -> LoggingMiddleware.of(logger, Level.INFO, m -> false).wrap(failing).handle(ctx, msg))
                .isSameAs(failure);
        assertThat(logger.entries).singleElement().satisfies(e -> assertThat(e.message())
                .contains("failed").contains(failure.getMessage()).contains("'chat.send'"));
    }

    @Test
    void skippedMessagesAreHandledButNotLogged() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        LoggingMiddleware logging = LoggingMiddleware.of(logger, Level.INFO, m -> m.type().startsWith("chat."));

        logging.wrap((c, m) -> {
            handled.incrementAndGet();
            return m.noContent();
        }).handle(ctx, msg);
        assertThat(handled).hasValue(1);
        assertThat(logger.entries).isEmpty();

        logging.wrap((c, m) -> m.noContent()).handle(ctx, msg.withType("ping"));
        assertThat(logger.entries).singleElement().satisfies(e -> assertThat(e.message()).contains("'ping'"));
    }

    @Test
    void aLevelTheLoggerDoesNotWantIsNotLoggedButTheHandlerRuns() throws Exception {
        AtomicInteger handled = new AtomicInteger();

        LoggingMiddleware.of(logger, Level.TRACE, m -> false).wrap((c, m) -> {
            handled.incrementAndGet();
            return m.noContent();
        }).handle(ctx, msg);

        assertThat(handled).hasValue(1);
        assertThat(logger.entries).isEmpty();
    }

    @Test
    void theDefaultLoggingMiddlewarePassesRepliesThrough() throws Exception {
        Message reply = msg.newFrom("x");

        assertThat(LoggingMiddleware.create().wrap((c, m) -> Optional.of(reply)).handle(ctx, msg)).containsSame(reply);
    }

    @Test
    void argumentsAreRequired() {
        assertThatThrownBy(() -> LoggingMiddleware.of(null, Level.INFO, m -> false)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> LoggingMiddleware.of(logger, null, m -> false)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> LoggingMiddleware.of(logger, Level.INFO, null)).isInstanceOf(NullPointerException.class);
    }
}
