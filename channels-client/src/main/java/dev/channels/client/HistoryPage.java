package dev.channels.client;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One page of a channel's history: the server's {@code history} reply to a {@link HistoryQuery}
 * (docs/protocol.md "History query").
 *
 * @param channelId the channel
 * @param epoch     the stream's epoch; offsets of two pages compare only when their epochs are equal
 * @param top       the stream's newest offset when the server answered (0: nothing published yet)
 * @param messages  the channel messages, each as members received it (with its {@code X-Channel-Offset}
 *                  and {@code X-Channel-Epoch} headers: {@link #offsetOf}); oldest first, or newest first
 *                  for a {@link HistoryQuery#reverse()} query
 *
 * @since 0.1.0
 */
public record HistoryPage(String channelId, String epoch, long top, List<Message> messages) {

    /** Copies the list. */
    public HistoryPage {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(epoch, "epoch");
        messages = List.copyOf(messages);
    }

    /** The stream offset of {@code message} (its {@code X-Channel-Offset} header), 0 when it has none. */
    public static long offsetOf(Message message) {
        List<String> values = message.headers().get(ChannelHeaders.CHANNEL_OFFSET);
        if (values == null || values.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(values.get(0));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Reads the body of a {@code history} reply; a missing or malformed part reads as empty. */
    static HistoryPage of(String channelId, Message reply) {
        if (!reply.hasBody() || reply.body().getValueType() != JsonValue.ValueType.OBJECT) {
            return new HistoryPage(channelId, "", 0, List.of());
        }
        JsonObject body = reply.body().asJsonObject();
        List<Message> messages = new ArrayList<>();
        JsonValue list = body.get("publications");
        if (list != null && list.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue v : list.asJsonArray()) {
                if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                    messages.add(EnvelopeCodec.decodeMessage(v.toString()));
                }
            }
        }
        JsonValue top = body.get("top");
        return new HistoryPage(body.getString("channelId", channelId), body.getString("epoch", ""),
                top instanceof jakarta.json.JsonNumber n ? n.longValue() : 0, messages);
    }
}
