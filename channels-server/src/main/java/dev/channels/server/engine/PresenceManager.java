package dev.channels.server.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Who is in each channel, on every node (Centrifugo's {@code PresenceManager}). The server adds a
 * member when its connection joins, removes it when it leaves, and refreshes the members it holds
 * well within the TTL, so the members of a node that died without a word vanish after the TTL.
 *
 * <p>Thread-safe; calls for one client take effect in the order they were made. A future failed with
 * {@link EngineUnavailableException} means the engine could not answer or change anything.
 *
 * @since 0.1.0
 */
public interface PresenceManager {

    /**
     * Adds {@code member} to its channel, or refreshes it: it stays listed until {@link #remove}, or
     * until {@code ttl} passes without another {@code add} for it. A refresh keeps the member's place
     * in the join order and the entry it was first added with.
     */
    CompletableFuture<Void> add(PresenceInfo member, Duration ttl);

    /** Removes client {@code clientId} from {@code channelId}; nothing when it is not there. */
    CompletableFuture<Void> remove(String channelId, String clientId);

    /** The members of {@code channelId} on every node, in the order they joined (empty for none). */
    CompletableFuture<List<PresenceInfo>> list(String channelId);

    /**
     * One page of the members of {@code channelId} on every node, in join order: at most {@code limit}
     * members that come after cursor {@code after} ({@code ""}: from the first), the channel's whole
     * count, and the next page's cursor when more follow. What {@code get.info} answers, so that a
     * channel of many members costs one page per request. The default lists the whole channel and
     * slices it (its cursor names the page's last member and its index); an engine that can read a page
     * without listing every member overrides it.
     *
     * @param limit at least 1
     * @return a future failed with {@link IllegalArgumentException} when {@code after} is not a cursor of this engine
     */
    default CompletableFuture<PresencePage> page(String channelId, String after, int limit) {
        if (limit < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be positive: " + limit));
        }
        return list(channelId).thenApply(all -> PresencePage.slice(all, after, limit));
    }

    /** How many members {@code channelId} has on every node. */
    CompletableFuture<Integer> count(String channelId);

    /** The member with client id {@code clientId} in any channel, so that a direct send can find its node. */
    CompletableFuture<Optional<PresenceInfo>> find(String clientId);
}
