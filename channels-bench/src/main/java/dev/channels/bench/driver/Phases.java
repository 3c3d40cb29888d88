package dev.channels.bench.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The phases of one fan-out run, in order, and the one being measured. The caller thread adds them one
 * after the other; the members' callback threads look up the phase of each message they get
 * ({@link #of(long)}). Thread-safe: the list is guarded by itself, the current phase is an atomic.
 */
final class Phases {

    private final List<Phase> all = new ArrayList<>();                   // guarded by itself
    private final AtomicReference<Phase> current = new AtomicReference<>();

    /** A new phase of messages {@code base .. base+count-1} ({@link Phase}); from now on the current one. */
    Phase add(long base, int count, int receivers, int window) {
        Phase p = new Phase(base, count, receivers, window);
        synchronized (all) {
            all.add(p);
        }
        current.set(p);
        return p;
    }

    /** The phase message {@code seq} belongs to (mostly the current one), or {@code null}. */
    Phase of(long seq) {
        Phase p = current.get();
        if (p != null && p.contains(seq)) {
            return p;
        }
        synchronized (all) {
            for (Phase earlier : all) {
                if (earlier.contains(seq)) {
                    return earlier;
                }
            }
        }
        return null;
    }
}
