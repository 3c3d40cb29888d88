package dev.channels.server.standalone;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The scheduler Tyrus's sessions of the standalone runner get ({@link GrizzlyChannelContainer#getScheduledExecutorService()}):
 * Tyrus's own, except that a session's idle-timeout check scheduled with no delay is not scheduled at all.
 *
 * <p>Why: Tyrus 2.1 restarts a session's idle timeout on every message it receives
 * ({@code TyrusSession.restartIdleTimeoutExecutor}): it cancels the pending check and schedules a new
 * one {@code maxIdleTimeout} ms later. The runner's sessions have no idle timeout (0: the channel
 * server's heartbeat bounds idleness), and Tyrus schedules the check all the same, with a delay of 0:
 * every inbound message woke one of the container's scheduler threads ({@code tyrus-1-thread-N}) to
 * run a check that, finding the timeout off, does nothing; and the threads that read contended for
 * the scheduler queue's lock (a JFR profile of request-reply, 200 clients x 8 in flight: the most
 * frequent park of the reading threads, in {@code DelayedWorkQueue.offer}). Skipping that check changes
 * nothing it would have done; a check with a delay (a session given an idle timeout) and every other
 * task are scheduled as before.
 *
 * <p>Thread-safety: stateless beyond the delegate's supplier; as thread-safe as the delegate.
 */
final class NoIdleTimeoutScheduler implements ScheduledExecutorService {

    /** Tyrus's idle-timeout check ({@code TyrusSession.IdleTimeoutCommand}); if Tyrus renames it, it is scheduled as any task. */
    static final String IDLE_TIMEOUT_COMMAND = "org.glassfish.tyrus.core.TyrusSession$IdleTimeoutCommand";

    private final Supplier<ScheduledExecutorService> delegate;

    /** Schedules on {@code delegate}'s scheduler (asked on every call: Tyrus makes it lazily, and shuts it down itself). */
    NoIdleTimeoutScheduler(Supplier<ScheduledExecutorService> delegate) {
        this.delegate = delegate;
    }

    /** Whether {@code command} is a no-op idle check: Tyrus's, due at once, so for a session without an idle timeout. */
    static boolean isNoOpIdleCheck(Runnable command, long delay) {
        return delay <= 0 && command.getClass().getName().equals(IDLE_TIMEOUT_COMMAND);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (isNoOpIdleCheck(command, delay)) {
            return Skipped.INSTANCE;
        }
        return delegate.get().schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return delegate.get().schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return delegate.get().scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return delegate.get().scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
        delegate.get().shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delegate.get().shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delegate.get().isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.get().isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.get().awaitTermination(timeout, unit);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return delegate.get().submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return delegate.get().submit(task, result);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return delegate.get().submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return delegate.get().invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return delegate.get().invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return delegate.get().invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return delegate.get().invokeAny(tasks, timeout, unit);
    }

    @Override
    public void execute(Runnable command) {
        delegate.get().execute(command);
    }

    /** The future of a check that was not scheduled: done (it would have done nothing); cancelling it is a no-op. Immutable. */
    private static final class Skipped implements ScheduledFuture<Object> {
        static final Skipped INSTANCE = new Skipped();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
