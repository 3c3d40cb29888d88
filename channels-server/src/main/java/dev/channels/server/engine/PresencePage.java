package dev.channels.server.engine;

import java.util.List;
import java.util.Objects;

/**
 * One page of a channel's members, in join order ({@link PresenceManager#page}).
 *
 * @param members at most the requested number of members, in join order
 * @param count   how many members the channel has in all (on every node)
 * @param next    the cursor of the next page, or {@code ""} when this page is the last; opaque, meaningful
 *                only to the engine that made it
 *
 * @since 0.1.0
 */
public record PresencePage(List<PresenceInfo> members, int count, String next) {

    /** Copies the list. */
    public PresencePage {
        members = List.copyOf(members);
        Objects.requireNonNull(next, "next");
    }

    /** Whether more members follow this page. */
    public boolean hasNext() {
        return !next.isEmpty();
    }

    /**
     * The page of {@code all} (a whole list in join order) after cursor {@code after}, as
     * {@link PresenceManager#page}'s default makes it. The cursor is {@code <index>.<clientId>} of the
     * page's last member: the next page starts behind that member, or, when it has left meanwhile, at
     * the index it had (so a walk over a changing channel may then miss or repeat a member).
     *
     * @throws IllegalArgumentException when {@code after} is not such a cursor
     */
    static PresencePage slice(List<PresenceInfo> all, String after, int limit) {
        int from = 0;
        if (!after.isEmpty()) {
            int dot = after.indexOf('.');
            int index;
            try {
                index = dot < 1 ? -1 : Integer.parseInt(after, 0, dot, 10);
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0) {
                throw new IllegalArgumentException("not a member list cursor: " + after);
            }
            String clientId = after.substring(dot + 1);
            from = Math.min(index + 1, all.size());
            // the cursor's member moves up when earlier ones leave: look for it at or before its index
            for (int i = Math.min(index, all.size() - 1); i >= 0; i--) {
                if (all.get(i).clientId().equals(clientId)) {
                    from = i + 1;
                    break;
                }
            }
        }
        int to = Math.min(all.size(), from + limit);
        String next = to < all.size() ? (to - 1) + "." + all.get(to - 1).clientId() : "";
        return new PresencePage(all.subList(from, to), all.size(), next);
    }
}
