package dev.channels.server;

/**
 * What became of a join's recovery request (docs/protocol.md "Channel streams": {@code since}/{@code epoch}
 * query parameters, {@code X-Channel-Recovered} on {@code join.success}).
 *
 * @since 0.1.0
 */
public enum Recovery {
    /** The join asked for nothing (no {@code since}): a plain join. */
    NOT_REQUESTED,
    /** Same epoch and every missed message still kept: they were replayed right after {@code join.success}. */
    RECOVERED,
    /**
     * Asked, but the epoch differs, missed messages are gone, or history is off: the missed messages
     * are lost. When the epoch differs, the new epoch's retained messages were replayed from its start
     * right after {@code join.success} (only the old epoch's gap is lost); otherwise nothing was.
     */
    NOT_RECOVERED
}
