package dev.channels.server.engine;

import java.util.List;
import java.util.Objects;

/**
 * An answer of {@link Broker#history}: the stream's current top position and the retained
 * publications after the asked offset, oldest first.
 *
 * @param top          the stream's position now: its epoch and the offset of its latest publication (0: none yet)
 * @param publications retained publications with offsets after the asked one, in offset order, all of epoch {@code top.epoch()}
 *
 * @since 0.1.0
 */
public record History(StreamPosition top, List<Publication> publications) {

    /** Copies the list. */
    public History {
        Objects.requireNonNull(top, "top");
        publications = List.copyOf(publications);
    }

    /**
     * The same top with only the newest publications of {@code all} whose offsets are below {@code before}
     * ({@code 0}: all of them), at most {@code limit}, still oldest first ({@link Broker#historyBefore}).
     */
    static History newestBelow(History all, long before, int limit) {
        List<Publication> below = before == 0 ? all.publications()
                : all.publications().stream().filter(p -> p.offset() < before).toList();
        return new History(all.top(), below.subList(Math.max(0, below.size() - limit), below.size()));
    }

    /**
     * Whether these publications are every one after {@code since} up to the top: none is missing
     * at the start (trimmed by size or TTL), between, or at the end (cut by a limit).
     */
    public boolean completeSince(long since) {
        if (since > top.offset()) {
            return false;
        }
        long expected = since + 1;
        for (Publication p : publications) {
            if (p.offset() != expected) {
                return false;
            }
            expected++;
        }
        return expected - 1 == top.offset();
    }
}
