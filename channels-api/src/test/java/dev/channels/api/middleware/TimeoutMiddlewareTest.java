package dev.channels.api.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.channels.api.ErrorMessage;
import dev.channels.api.Handler;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import dev.channels.api.ServerErrorHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TimeoutMiddleware}. Each test runs the handler on the test's own thread, as a server does
 * on its worker thread, and checks afterwards that no interrupt is left on that thread. The
 * preemptive timeouts only guard against hangs; nothing here asserts speed.
 */
class TimeoutMiddlewareTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final Duration SHORT = Duration.ofMillis(50);

    private final HandlerContext ctx = HandlerContext.of("client", "room");
    private final Message msg = Message.create("slow.op", "room");

    @AfterEach
    void clearInterruptSoOneTestCannotSpoilTheNext() {
        Thread.interrupted();
    }

    @Test
    void aHandlerBlockedInSleepIsInterruptedAndYields504() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            AtomicReference<Throwable> seenByHandler = new AtomicReference<>();
            Handler sleeper = sleeperThatOnInterrupt(e -> {
                seenByHandler.set(e);
                throw e;
            });

            HandlerTimeoutException e = catchThrowableOfType(HandlerTimeoutException.class,
                    () -> withShortDeadline(sleeper));

            assertThat(e).isNotNull();
            assertThat(e.detail().errCode()).isEqualTo("504");
            assertThat(e.detail().description()).contains("slow.op").contains("50 ms");
            assertThat(seenByHandler.get()).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            ErrorMessage reply = ServerErrorHandler.DEFAULT.handle(msg, e);
            assertThat(reply.detail().orElseThrow().errCode()).isEqualTo("504");
        });
    }

    @Test
    void aFastHandlerPassesWithItsReplyAndSeesTheDeadline() throws Exception {
        AtomicReference<HandlerContext> seen = new AtomicReference<>();
        Handler fast = (c, m) -> {
            seen.set(c);
            return Optional.of(m.newFrom("done"));
        };
        Instant before = Instant.now();

        Optional<Message> reply = TimeoutMiddleware.of(Duration.ofSeconds(30)).wrap(fast).handle(ctx, msg);

        assertThat(reply).hasValueSatisfying(r -> assertThat(r.type()).isEqualTo("done"));
        assertThat(seen.get().deadline()).hasValueSatisfying(d ->
                assertThat(d).isAfterOrEqualTo(before.plusSeconds(30)));
        assertThat(seen.get().clientId()).isEqualTo("client");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aFastHandlersFailurePassesThroughUnchanged() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Handler failing = (c, m) -> {
            throw boom;
        };

        assertThatThrownBy(() -> TimeoutMiddleware.of(Duration.ofSeconds(30)).wrap(failing).handle(ctx, msg))
                .isSameAs(boom);
    }

    @Test
    void aHandlerThatIgnoresInterruptsButReturnsLateStillYields504() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Handler stubborn = (c, m) -> {
                while (!c.isCancelled()) {
                    Thread.onSpinWait();
                }
                return Optional.of(m.newFrom("late"));
            };

            assertTimesOutLeavingNoInterrupt(stubborn);
        });
    }

    /**
     * What a handler may throw after it restored the interrupt, an exception or an error such as a failed
     * assertion, and what it does when interrupted: restore the interrupt, throw that. Either way the caller
     * gets the timeout, with the handler's failure suppressed in it.
     */
    static Stream<Arguments> failuresAfterRestoringTheInterrupt() {
        IllegalStateException exception = new IllegalStateException("gave up");
        AssertionError error = new AssertionError("interrupted");
        return Stream.of(
                Arguments.of(exception, (OnInterrupt) e -> {
                    Thread.currentThread().interrupt();
                    throw exception;
                }),
                Arguments.of(error, (OnInterrupt) e -> {
                    Thread.currentThread().interrupt();
                    throw error;
                }));
    }

    @ParameterizedTest(name = "it throws {0}")
    @MethodSource("failuresAfterRestoringTheInterrupt")
    void aHandlerThatRestoresTheInterruptAndThrowsLeavesNoInterruptBehind(Throwable failure, OnInterrupt onInterrupt) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Throwable thrown = catchThrowableOfType(Throwable.class,
                    () -> withShortDeadline(sleeperThatOnInterrupt(onInterrupt)));

            assertThat(thrown).isInstanceOf(HandlerTimeoutException.class);
            assertThat(thrown.getSuppressed()).singleElement().isSameAs(failure);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        });
    }

    @Test
    void aHandlerThatRestoresTheInterruptAndReturnsLeavesNoInterruptBehind() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Handler polite = sleeperThatOnInterrupt(e -> Thread.currentThread().interrupt());

            assertTimesOutLeavingNoInterrupt(polite);
        });
    }

    @Test
    void virtualMachineErrorsAfterTheDeadlinePropagateWithoutAnInterrupt() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            OutOfMemoryError oom = new OutOfMemoryError("simulated");
            Handler dying = sleeperThatOnInterrupt(e -> {
                Thread.currentThread().interrupt();
                throw oom;
            });

            assertThatThrownBy(() -> withShortDeadline(dying)).isSameAs(oom);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        });
    }

    @Test
    void theThreadServesTheNextMessageNormallyAfterATimeout() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Handler sleeper = (c, m) -> {
                Thread.sleep(60_000);
                return m.noContent();
            };
            assertTimesOutLeavingNoInterrupt(sleeper);

            Handler napper = (c, m) -> {
                Thread.sleep(20);
                return Optional.of(m.newFrom("rested"));
            };
            assertThat(TimeoutMiddleware.of(Duration.ofSeconds(30)).wrap(napper).handle(ctx, msg)).isPresent();
        });
    }

    @Test
    void racesBetweenHandlerAndAlarmNeverLeakAnInterrupt() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Random random = new Random(42);
            TimeoutMiddleware timeout = TimeoutMiddleware.of(Duration.ofMillis(1));
            int timedOut = 0;
            for (int i = 0; i < 300; i++) {
                long spinNanos = random.nextInt(2_000_000);
                Handler spinner = (c, m) -> {
                    long end = System.nanoTime() + spinNanos;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    return Optional.of(m);
                };
                try {
                    assertThat(timeout.wrap(spinner).handle(ctx, msg)).contains(msg);
                } catch (HandlerTimeoutException e) {
                    timedOut++;
                }
                assertThat(Thread.currentThread().isInterrupted()).as("iteration %d", i).isFalse();
            }
            assertThat(timedOut).isBetween(0, 300);
        });
    }

    @Test
    void skippedMessagesRunWithoutADeadline() throws Exception {
        AtomicReference<HandlerContext> seen = new AtomicReference<>();
        Handler napper = (c, m) -> {
            seen.set(c);
            Thread.sleep(SHORT.toMillis() * 3);
            return Optional.of(m.newFrom("rested"));
        };
        TimeoutMiddleware timeout = TimeoutMiddleware.of(SHORT, m -> m.type().equals("slow.op"));

        Optional<Message> reply = timeout.wrap(napper).handle(ctx, msg);

        assertThat(reply).isPresent();
        assertThat(seen.get()).isSameAs(ctx);
        assertThat(seen.get().deadline()).isEmpty();
        assertThatThrownBy(() -> timeout.wrap(napper).handle(ctx, msg.withType("other")))
                .isInstanceOf(HandlerTimeoutException.class);
    }

    @Test
    void theTimeoutMustBePositive() {
        assertThatThrownBy(() -> TimeoutMiddleware.of(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeoutMiddleware.of(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeoutMiddleware.of(SHORT, null)).isInstanceOf(NullPointerException.class);
    }

    /** What a {@link #sleeperThatOnInterrupt sleeping handler} does when the alarm interrupts it. */
    @FunctionalInterface
    interface OnInterrupt {
        void react(InterruptedException e) throws Exception;
    }

    /**
     * A handler blocked in a 60 s sleep: when interrupted it runs {@code onInterrupt} (which may restore the
     * interrupt and may throw); if that returns, the handler returns a (late) reply.
     */
    private static Handler sleeperThatOnInterrupt(OnInterrupt onInterrupt) {
        return (c, m) -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                onInterrupt.react(e);
            }
            return Optional.of(m.newFrom("late"));
        };
    }

    /** Runs {@code handler} on this thread behind a {@link #SHORT} timeout. */
    private Optional<Message> withShortDeadline(Handler handler) throws Exception {
        return TimeoutMiddleware.of(SHORT).wrap(handler).handle(ctx, msg);
    }

    /** {@code handler} behind a {@link #SHORT} timeout yields a timeout, and no interrupt is left on this thread. */
    private void assertTimesOutLeavingNoInterrupt(Handler handler) {
        assertThatThrownBy(() -> withShortDeadline(handler)).isInstanceOf(HandlerTimeoutException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
