package dev.channels.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps hooks in order across threads: hooks that must come after others ({@code onClientLeft}
 * after that client's {@code onClientJoined}, {@code onChannelClosed} after the join hooks of every
 * member) wait while the gate is held and run, on the thread that releases it last, once it is not.
 * The count and the waiting hooks are guarded by the gate's monitor, which is never held while a
 * hook runs.
 */
final class HookGate {

    private int holds;
    private List<Runnable> waiting;

    HookGate(int holds) {
        this.holds = holds;
    }

    /** Holds the gate once more. */
    synchronized void hold() {
        holds++;
    }

    /** Releases one hold; the last release runs the hooks that waited, in order. */
    void release() {
        List<Runnable> run = null;
        synchronized (this) {
            if (--holds == 0 && waiting != null) {
                run = waiting;
                waiting = null;
            }
        }
        if (run != null) {
            run.forEach(Runnable::run);
        }
    }

    /** Runs {@code hooks} now when the gate is not held, otherwise when it is released. */
    void whenReleased(Runnable hooks) {
        synchronized (this) {
            if (holds > 0) {
                if (waiting == null) {
                    waiting = new ArrayList<>(2);
                }
                waiting.add(hooks);
                return;
            }
        }
        hooks.run();
    }
}
