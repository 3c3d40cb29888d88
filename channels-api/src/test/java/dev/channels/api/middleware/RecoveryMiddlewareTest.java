package dev.channels.api.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.channels.api.ErrorMessage;
import dev.channels.api.Handler;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import dev.channels.api.ServerErrorHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryMiddlewareTest {

    private final RecordingLogger logger = new RecordingLogger(Level.ALL);
    private final RecoveryMiddleware recovery = RecoveryMiddleware.withLogger(logger);
    private final HandlerContext ctx = HandlerContext.of("client-9", "room");
    private final Message msg = Message.create("risky", "room");

    private static Handler throwing(Throwable t) {
        return (c, m) -> {
            throw Sneaky.<RuntimeException>sneak(t);
        };
    }

    /** Throws any throwable from a lambda whose signature declares only Exception. */
    static final class Sneaky {
        @SuppressWarnings("unchecked")
        static <T extends Throwable> T sneak(Throwable t) throws T {
            throw (T) t;
        }
    }

    @Test
    void anAssertionErrorBecomesAPanicExceptionAndIsLogged() {
        AssertionError error = new AssertionError("invariant broken");

        HandlerPanicException e = catchThrowableOfType(HandlerPanicException.class,
                () -> recovery.wrap(throwing(error)).handle(ctx, msg));

        assertThat(e).isNotNull().hasCause(error).hasMessageContaining("invariant broken");
        assertThat(logger.entries).singleElement().satisfies(entry -> {
            assertThat(entry.level()).isEqualTo(Level.ERROR);
            assertThat(entry.thrown()).isSameAs(error);
            assertThat(entry.message()).contains("risky").contains("client-9").contains("room");
        });
        ErrorMessage reply = ServerErrorHandler.WITH_EXCEPTION_TEXT.handle(msg, e);
        assertThat(reply.detail().orElseThrow().errCode()).isEqualTo("500");
        assertThat(reply.detail().orElseThrow().description()).contains("invariant broken");
        assertThat(ServerErrorHandler.DEFAULT.handle(msg, e).detail().orElseThrow().description())
                .doesNotContain("invariant broken");
    }

    @Test
    void aLinkageErrorBecomesAPanicException() {
        NoClassDefFoundError error = new NoClassDefFoundError("com/example/Gone");

        assertThatThrownBy(() -> recovery.wrap(throwing(error)).handle(ctx, msg))
                .isInstanceOf(HandlerPanicException.class).hasCause(error);
    }

    @Test
    void aThrowableThatIsNeitherExceptionNorErrorBecomesAPanicException() {
        Throwable odd = new Throwable("odd");

        assertThatThrownBy(() -> recovery.wrap(throwing(odd)).handle(ctx, msg))
                .isInstanceOf(HandlerPanicException.class).hasCause(odd);
    }

    @Test
    void virtualMachineErrorsPropagateUntouched() {
        StackOverflowError overflow = new StackOverflowError();
        OutOfMemoryError oom = new OutOfMemoryError("heap");

        assertThatThrownBy(() -> recovery.wrap(throwing(overflow)).handle(ctx, msg)).isSameAs(overflow);
        assertThatThrownBy(() -> recovery.wrap(throwing(oom)).handle(ctx, msg)).isSameAs(oom);
        assertThat(logger.entries).isEmpty();
    }

    @Test
    void aRealStackOverflowPropagates() {
        Handler recursive = new Handler() {
            @Override
            public Optional<Message> handle(HandlerContext c, Message m) throws Exception {
                return handle(c, m);
            }
        };

        assertThatThrownBy(() -> recovery.wrap(recursive).handle(ctx, msg)).isInstanceOf(StackOverflowError.class);
    }

    @Test
    void exceptionsPassThroughUnchangedAndUnlogged() {
        IOException checked = new IOException("disk");
        IllegalStateException unchecked = new IllegalStateException("state");

        assertThatThrownBy(() -> recovery.wrap(throwing(checked)).handle(ctx, msg)).isSameAs(checked);
        assertThatThrownBy(() -> recovery.wrap(throwing(unchecked)).handle(ctx, msg)).isSameAs(unchecked);
        assertThat(logger.entries).isEmpty();
    }

    @Test
    void repliesPassThrough() throws Exception {
        Message reply = msg.newFrom("ok");

        assertThat(recovery.wrap((c, m) -> Optional.of(reply)).handle(ctx, msg)).containsSame(reply);
        assertThat(RecoveryMiddleware.create().wrap((c, m) -> m.noContent()).handle(ctx, msg)).isEmpty();
        assertThatThrownBy(() -> RecoveryMiddleware.withLogger(null)).isInstanceOf(NullPointerException.class);
    }
}
