package dev.channels.api.middleware;

import dev.channels.api.Handler;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import dev.channels.api.Middleware;
import dev.channels.api.internal.threads.DaemonSchedulers;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Gives each handler invocation a deadline (the seed's timeout middleware).
 *
 * <p>The handler sees the deadline in {@link HandlerContext#deadline()} and should stop when
 * {@link HandlerContext#isCancelled()} turns true. When the deadline passes, the context is cancelled
 * and the handler's thread is interrupted, so blocking calls end early; a handler that then returns
 * (or fails) anyway yields {@link HandlerTimeoutException}, i.e. an error reply with errCode
 * {@code "504"}, and its late reply is dropped; what it threw is kept as a suppressed exception
 * (a {@link VirtualMachineError} propagates as itself). The interrupt the timer sent is always
 * cleared before the call returns or throws. The handler runs on the caller's thread: no thread
 * per message. One shared daemon timer thread fires the deadlines.
 *
 * <p>Messages matching the skipper run without a deadline.
 *
 * @since 0.1.0
 */
public final class TimeoutMiddleware implements Middleware {

    private static final ScheduledExecutorService TIMER = createTimer();

    private final Duration timeout;
    private final Predicate<Message> skipper;

    private TimeoutMiddleware(Duration timeout, Predicate<Message> skipper) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        this.skipper = Objects.requireNonNull(skipper, "skipper");
    }

    /** A timeout for every message. */
    public static TimeoutMiddleware of(Duration timeout) {
        return new TimeoutMiddleware(timeout, msg -> false);
    }

    /** A timeout for every message that {@code skipper} does not match. */
    public static TimeoutMiddleware of(Duration timeout, Predicate<Message> skipper) {
        return new TimeoutMiddleware(timeout, skipper);
    }

    @Override
    public Handler wrap(Handler next) {
        return (ctx, msg) -> skipper.test(msg) ? next.handle(ctx, msg) : handleWithDeadline(next, ctx, msg);
    }

    private Optional<Message> handleWithDeadline(Handler next, HandlerContext ctx, Message msg) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        HandlerContext timed = ctx.withDeadline(deadline);
        Invocation invocation = new Invocation(Thread.currentThread(), timed);
        ScheduledFuture<?> alarm = TIMER.schedule(invocation::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        Optional<Message> reply;
        try {
            reply = next.handle(timed, msg);
        } catch (Throwable failure) {
            // Every way out settles the race with the alarm (finish() first), so that an interrupt
            // sent by the alarm is always cleared, whatever the handler threw, Errors included.
            alarm.cancel(false);
            if (finishedInTime(invocation, deadline) || failure instanceof VirtualMachineError) {
                throw failure;
            }
            HandlerTimeoutException timedOut = new HandlerTimeoutException(msg.type(), timeout);
            if (!(failure instanceof InterruptedException)) {
                timedOut.addSuppressed(failure);
            }
            throw timedOut;
        }
        alarm.cancel(false);
        if (!finishedInTime(invocation, deadline)) {
            throw new HandlerTimeoutException(msg.type(), timeout);
        }
        return reply;
    }

    /**
     * Settles the race with the alarm (clearing its interrupt if it fired) and tells whether the
     * handler ended before its deadline. The deadline decides, not the alarm: a handler that saw
     * {@link HandlerContext#isCancelled()} turn true and returned before the alarm thread ran is late too.
     */
    private static boolean finishedInTime(Invocation invocation, Instant deadline) {
        boolean beatAlarm = invocation.finish();
        return beatAlarm && Instant.now().isBefore(deadline);
    }

    private static ScheduledExecutorService createTimer() {
        return DaemonSchedulers.create(1, "channels-timeout");
    }

    /**
     * One handler call racing its alarm. State moves RUNNING -> DONE (handler won) or
     * RUNNING -> EXPIRING -> EXPIRED (alarm won, interrupting the handler's thread). The handler's
     * thread, on losing, waits for EXPIRED and then clears the interrupt it was sent, so the
     * interrupt never leaks into the next message on a pooled thread.
     */
    private static final class Invocation {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int EXPIRING = 2;
        private static final int EXPIRED = 3;

        private final Thread thread;
        private final HandlerContext context;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        Invocation(Thread thread, HandlerContext context) {
            this.thread = thread;
            this.context = context;
        }

        /** Runs on the timer thread. */
        void expire() {
            if (state.compareAndSet(RUNNING, EXPIRING)) {
                context.cancel();
                thread.interrupt();
                state.set(EXPIRED);
            }
        }

        /** Runs on the handler's thread; true when the handler finished in time. */
        boolean finish() {
            if (state.compareAndSet(RUNNING, DONE)) {
                return true;
            }
            while (state.get() != EXPIRED) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
            return false;
        }
    }
}
