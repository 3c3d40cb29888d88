package dev.channels.server;

import dev.channels.api.ErrorDetail;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.EngineUnavailableException;
import dev.channels.server.engine.History;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamOptions;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

/**
 * Answers {@code get.history} (docs/protocol.md "History query"): a direct {@code history} reply with
 * the same {@code correlationId} and body {@code {"channelId","epoch","top","publications":[...]}},
 * where each publication is the channel message exactly as members received it (its text as framed
 * for the live broadcast, with {@code X-Channel-Offset} and {@code X-Channel-Epoch}), never decoded
 * and encoded again.
 *
 * <p>The request's optional body {@code {"since":N,"limit":N,"reverse":bool}} picks the page:
 * <ul>
 *   <li>forward (default): the retained messages with offsets after {@code since} (default 0), oldest
 *       first ({@link dev.channels.server.engine.Broker#history});</li>
 *   <li>{@code reverse}: the newest retained messages with offsets <em>below</em> {@code since}
 *       ({@code 0}: from the top), newest first ({@link dev.channels.server.engine.Broker#historyBefore},
 *       read from the stream's end); a "load older" page passes the oldest offset it has;</li>
 *   <li>at most {@code limit} of them (default and cap: {@link ServerOptions#maxHistoryPerQuery}), and
 *       at most about a quarter of the connection's outbound queue in characters
 *       ({@link ServerOptions#maxQueuedChars}), so one reply can never overflow the queue and cut its
 *       reader; a client simply pages on from the last offset it got.</li>
 * </ul>
 * Answers: history off ({@code channels.history-size} 0) {@code "404"} "history not available" (the
 * code an older server's "no handler for get.history" has, so a client treats both alike); a body that
 * is not such an object, a negative or non-integer {@code since}/{@code limit}, a non-boolean
 * {@code reverse}: {@code "400"}; an engine that cannot answer: {@code "503"}.
 *
 * <p>Threads: runs on the container thread that read the request (one connection's frames are handled
 * one at a time) and waits for the engine there, bounded by {@link EngineCalls}, as {@code get.info}
 * does; the cost of one query is bounded by the cap whatever the stream's length. Stateless apart from
 * final fields; holds no lock.
 */
final class HistoryQueries {

    private static final System.Logger LOG = System.getLogger(HistoryQueries.class.getName());

    private final ChannelEngine engine;
    private final EngineCalls calls;
    private final StreamOptions stream;
    private final int maxPerQuery;
    private final long maxReplyChars;

    HistoryQueries(ChannelEngine engine, EngineCalls calls, ServerOptions options) {
        this.engine = engine;
        this.calls = calls;
        this.stream = options.streamOptions();
        this.maxPerQuery = options.maxHistoryPerQuery();
        this.maxReplyChars = Math.max(1, options.maxQueuedChars() / 4);
    }

    /** What a {@code get.history} body asks for. */
    private record Query(long since, int limit, boolean reverse) {
    }

    /** Answers {@code request}, a {@code get.history} from {@code from}, on {@code from}'s outbox. */
    void answer(Member from, Message request) {
        String channelId = request.channelId().isEmpty() ? from.channelId() : request.channelId();
        if (!stream.enabled()) {
            LOG.log(Level.DEBUG, "get.history from {0}: history is off, answered 404", from);
            from.outbox().send(EnvelopeCodec.encode(request.toError(new ErrorDetail("history not available",
                    "this server keeps no channel history (channels.history-size is 0)", "404"))));
            return;
        }
        Query query;
        try {
            query = parse(request);
        } catch (IllegalArgumentException | ArithmeticException | jakarta.json.JsonException | ClassCastException e) {
            LOG.log(Level.DEBUG, "get.history from {0}: bad body, answered 400: {1}", from, e.getMessage());
            from.outbox().send(EnvelopeCodec.encode(request.toError(ErrorDetail.badRequest(e.getMessage()))));
            return;
        }
        // authorized already: the dispatcher asked ChannelAccess (operation HISTORY) before it came here
        History history;
        try {
            history = calls.await(query.reverse()
                    ? engine.broker().historyBefore(channelId, query.since(), query.limit(), stream)
                    : engine.broker().history(channelId, query.since(), query.limit(), stream));
        } catch (EngineUnavailableException e) {
            LOG.log(Level.DEBUG, "get.history from {0}: engine unavailable, answered 503: {1}", from, e.getMessage());
            from.outbox().send(EnvelopeCodec.encode(request.toError(
                    new ErrorDetail("service unavailable", e.getMessage(), "503"))));
            return;
        }
        from.outbox().send(reply(request, channelId, history, query.reverse()));
    }

    private Query parse(Message request) {
        long since = 0;
        int limit = maxPerQuery;
        boolean reverse = false;
        if (request.hasBody()) {
            if (request.body().getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException(
                        "the get.history body must be an object {\"since\":N,\"limit\":N,\"reverse\":false}");
            }
            JsonObject body = request.body().asJsonObject();
            JsonValue s = body.get("since");
            if (s != null && s.getValueType() != JsonValue.ValueType.NULL) {
                if (!(s instanceof JsonNumber n) || !n.isIntegral() || n.bigIntegerValue().signum() < 0) {
                    throw new IllegalArgumentException("since must be an offset: an integer, 0 or more");
                }
                since = n.longValueExact();
            }
            JsonValue l = body.get("limit");
            if (l != null && l.getValueType() != JsonValue.ValueType.NULL) {
                if (!(l instanceof JsonNumber n) || !n.isIntegral() || n.bigIntegerValue().signum() < 0) {
                    throw new IllegalArgumentException("limit must be an integer, 0 or more");
                }
                limit = n.bigIntegerValue().min(BigInteger.valueOf(maxPerQuery)).intValue();
            }
            JsonValue r = body.get("reverse");
            if (r != null && r.getValueType() != JsonValue.ValueType.NULL) {
                if (r != JsonValue.TRUE && r != JsonValue.FALSE) {
                    throw new IllegalArgumentException("reverse must be true or false");
                }
                reverse = r == JsonValue.TRUE;
            }
        }
        return new Query(since, limit, reverse);
    }

    /**
     * The encoded {@code history} reply. Its body is encoded with a one-off placeholder string where
     * the publications go, which is then replaced by the framed texts joined into a JSON array: the
     * publications reach the client byte for byte as members received them, and nothing is decoded.
     */
    private String reply(Message request, String channelId, History history, boolean reverse) {
        List<Publication> publications = history.publications(); // oldest first
        String[] frames = new String[publications.size()];
        int first = 0;
        int last = publications.size() - 1;
        long chars = 0;
        int taken = 0;
        // forward: keep from the oldest; reverse: keep from the newest; stop before the reply gets too large
        while (taken < frames.length) {
            int i = reverse ? last - taken : first + taken;
            String frame = EngineFanout.frame(publications.get(i));
            if (taken > 0 && chars + frame.length() > maxReplyChars) {
                break;
            }
            frames[taken++] = frame;
            chars += frame.length();
        }
        String placeholder = UUID.randomUUID().toString();
        JsonObject body = ServerJson.objectBuilder()
                .add("channelId", channelId)
                .add("epoch", history.top().epoch())
                .add("top", history.top().offset())
                .add("publications", placeholder)
                .build();
        String encoded = EnvelopeCodec.encode(request.newFrom(MessageTypes.HISTORY).toBuilder().body(body).build());
        StringBuilder array = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, chars + taken + 2)).append('[');
        for (int i = 0; i < taken; i++) {
            if (i > 0) {
                array.append(',');
            }
            array.append(frames[i]);
        }
        array.append(']');
        int at = encoded.lastIndexOf('"' + placeholder + '"');
        return encoded.substring(0, at) + array + encoded.substring(at + placeholder.length() + 2);
    }
}
