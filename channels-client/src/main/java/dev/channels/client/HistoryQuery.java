package dev.channels.client;

/**
 * What {@link ChannelClient#history} asks the server for (docs/protocol.md "History query"): one page
 * of a channel's retained messages.
 *
 * <ul>
 *   <li>forward ({@code reverse} false): the messages with offsets after {@code since}, oldest first;
 *       page on with {@code since} = the last offset received, until it reaches {@link HistoryPage#top()};</li>
 *   <li>{@code reverse}: the newest messages with offsets below {@code since} ({@code 0}: from the newest),
 *       newest first; "load older" pages on with {@code since} = the oldest offset it has.</li>
 * </ul>
 * At most {@code limit} messages, and never more than the server's cap
 * ({@code channels.max-history-per-query}, 100 by default); {@code 0} asks only for the epoch and top.
 *
 * @param since   an offset, 0 or more
 * @param limit   most messages wanted, 0 or more ({@link Integer#MAX_VALUE}: as many as the server gives)
 * @param reverse newest first, below {@code since}
 *
 * @since 0.1.0
 */
public record HistoryQuery(long since, int limit, boolean reverse) {

    /** Validates the values. */
    public HistoryQuery {
        if (since < 0 || limit < 0) {
            throw new IllegalArgumentException("since and limit must not be negative: " + since + ", " + limit);
        }
    }

    /** The messages after {@code since}, oldest first, as many as the server gives in one page. */
    public static HistoryQuery since(long since) {
        return new HistoryQuery(since, Integer.MAX_VALUE, false);
    }

    /** The newest {@code limit} messages, newest first. */
    public static HistoryQuery latest(int limit) {
        return new HistoryQuery(0, limit, true);
    }

    /** The same query with at most {@code limit} messages. */
    public HistoryQuery limit(int limit) {
        return new HistoryQuery(since, limit, reverse);
    }
}
