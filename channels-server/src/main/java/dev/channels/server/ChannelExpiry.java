package dev.channels.server;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Ends each channel when its lifetime is over (docs/protocol.md "Server behaviour" 10). The task of a
 * channel is bound to that {@link ChannelRegistry.Channel} instance, never to its id, so a late task
 * can only end the channel it was made for, not a newer channel with the same id. Scheduling and
 * cancelling may race (a channel can end while its creation hook still runs, before its task exists):
 * {@link #schedule} re-checks {@code isGone()} after publishing the task and {@link #cancel} runs
 * after {@code gone} is set, so whichever comes second cancels it. Tasks run on the server's scheduler
 * thread; the methods here are called from any thread.
 */
final class ChannelExpiry {

    private static final System.Logger LOG = System.getLogger(ChannelExpiry.class.getName());

    private final ScheduledExecutorService scheduler;
    private final Duration lifetime;
    private final Consumer<ChannelRegistry.Channel> onExpired;

    ChannelExpiry(ScheduledExecutorService scheduler, Duration lifetime, Consumer<ChannelRegistry.Channel> onExpired) {
        this.scheduler = scheduler;
        this.lifetime = lifetime;
        this.onExpired = onExpired;
    }

    /** Schedules the end of {@code channel} at its {@code expiresAt} (nothing when it never expires). */
    void schedule(ChannelRegistry.Channel channel) {
        if (channel.expiresAt == null) {
            return;
        }
        ScheduledFuture<?> task;
        try {
            task = scheduler.schedule(() -> expire(channel), lifetime.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return; // the server is closing: every channel is being ended anyway
        }
        channel.expiryTask = task;
        if (channel.isGone()) {
            task.cancel(false);
        }
        LOG.log(Level.DEBUG, "{0} expires at {1}", channel, channel.expiresAt);
    }

    /** Cancels the expiry of a channel that is gone; call after {@code gone} is set. */
    void cancel(ChannelRegistry.Channel channel) {
        ScheduledFuture<?> task = channel.expiryTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    private void expire(ChannelRegistry.Channel channel) {
        if (channel.isGone()) {
            return;
        }
        LOG.log(Level.DEBUG, "{0} expired", channel);
        try {
            onExpired.accept(channel);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.log(Level.WARNING, "expiring " + channel + " failed", e);
        }
    }
}
