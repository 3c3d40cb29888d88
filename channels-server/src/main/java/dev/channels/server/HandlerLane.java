package dev.channels.server;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's ordered worker lane (issue 23 item 1): on a runtime that reads frames on an event
 * loop ({@link ReadThread#EVENT_LOOP}), work of the connection that may block runs here, one task at a
 * time, in the order it was offered, on the server's workers ({@link HandlerLanes}). While the lane is
 * {@linkplain #isActive() active} (a task queued or running, or an async reply awaited) every later
 * frame of the connection is offered to it too, even a non-blocking one, so that the connection's
 * frames are handled, and answered, in order.
 *
 * <p>Bounded: at most {@code capacity} tasks wait; {@link #offer} answers {@code false} for one more
 * (the caller answers the frame with an error envelope {@code "429"}: nothing is dropped silently).
 * At most one run of the lane is submitted to the executor at a time, so the executor holds at most
 * one task per connection.
 *
 * <p>Threads and state: {@code queue}, {@code running} and {@code held} are guarded by this lane's
 * monitor, which is held only to read or change them: never while a task runs, never across I/O or a
 * call into another component, and never nested with another lock. The connection's reading thread
 * offers tasks and asks {@link #isActive()}; one worker at a time drains ({@link #drain()}); whoever
 * completes an awaited async reply {@linkplain #resume resumes} the lane, which then drains on a worker.
 * A task runs with every earlier task's effects visible (each hand-over passes this monitor).
 */
final class HandlerLane {

    private static final System.Logger LOG = System.getLogger(HandlerLane.class.getName());

    private final Executor executor;
    private final int capacity;
    private final Object owner;
    /** Tasks waiting to run; guarded by this. */
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    /** A run of the lane is submitted to the executor or running; guarded by this. */
    private boolean running;
    /** An async reply is awaited: the lane runs nothing until {@link #resume}; guarded by this. */
    private boolean held;

    HandlerLane(Executor executor, int capacity, Object owner) {
        this.executor = executor;
        this.capacity = capacity;
        this.owner = owner;
    }

    /** Whether frames must queue here to keep their order (reading thread): a run is under way or the lane is held. */
    synchronized boolean isActive() {
        return running || held;
    }

    /** Queues {@code task}, starting a run when the lane was idle; {@code false} when the lane is full. */
    boolean offer(Runnable task) {
        synchronized (this) {
            if (queue.size() >= capacity) {
                return false;
            }
            queue.addLast(task);
            if (running || held) {
                return true;
            }
            running = true;
        }
        return start(); // false: no worker took it (the server is closing); the caller falls back
    }

    /**
     * Holds the lane until {@link #resume}: an async reply is awaited. Called by the reading thread while
     * the lane is idle, or by the task running on the lane (the run then stops after that task).
     */
    synchronized void hold() {
        held = true;
    }

    /**
     * Ends a {@link #hold()}: {@code first} (the reply's routing) runs next, before what queued meanwhile,
     * on a worker: on the run still under way, if the hold came from its task and it has not stopped yet,
     * else on a new run. Any thread (whoever completed the reply).
     */
    void resume(Runnable first) {
        synchronized (this) {
            held = false;
            queue.addFirst(first);
            if (running) {
                return;
            }
            running = true;
        }
        start();
    }

    private boolean start() {
        try {
            executor.execute(this::drain);
            return true;
        } catch (RejectedExecutionException e) {
            // the server is closing: its connections are being closed, their frames no longer matter
            LOG.log(Level.DEBUG, "lane of {0} not run: {1}", owner, e.getMessage());
            reset();
            return false;
        } catch (Error e) {
            reset(); // e.g. no thread could be made: the lane must not stay "running" with nobody draining it
            throw e;
        }
    }

    private synchronized void reset() {
        queue.clear();
        running = false;
        held = false;
    }

    /** Runs the queued tasks in order until the lane is empty or held; on a worker. */
    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (held) {
                    running = false;
                    return; // resume() starts the next run
                }
                next = queue.pollFirst();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            runSafely(next);
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // tasks come guarded (HandlerLanes.guarded), so this is a bug of ours; the lane must not stall
            LOG.log(Level.WARNING, "a task of " + owner + "'s worker lane failed", e);
        }
    }

    /** Tasks waiting (for tests and monitoring). */
    synchronized int queued() {
        return queue.size();
    }
}
