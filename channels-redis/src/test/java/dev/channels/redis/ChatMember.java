package dev.channels.redis;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.client.ChannelClient;
import dev.channels.client.ReconnectPolicy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client of the chat cluster tests ({@link ClusterNode#chat}): it records the {@code chat} and
 * {@code note} messages and the error envelopes it receives, and answers {@code ask} (unless told not to).
 * The lists are written by the client's threads and read by the test.
 */
final class ChatMember {

    /** Whether it answers {@code ask}. */
    volatile boolean answers = true;
    final List<Message> chat = new CopyOnWriteArrayList<>();
    final List<ErrorMessage> errors = new CopyOnWriteArrayList<>();
    final ChannelClient client;

    ChatMember(ReconnectPolicy reconnect) {
        client = ChannelClient.builder()
                .reconnect(reconnect)
                .listener("chat", (ctx, msg) -> {
                    chat.add(msg);
                    return msg.noContent();
                })
                .listener("note", (ctx, msg) -> {
                    chat.add(msg);
                    return msg.noContent();
                })
                .listener("ask", (ctx, msg) -> answers
                        ? Optional.of(msg.newFrom("answer").withBody("42 from " + ctx.channelId())) : msg.noContent())
                .onServerError(errors::add)
                .build();
    }

    /** Joins {@code channel} on {@code node}; returns this member. */
    ChatMember joined(ClusterNode node, String channel) {
        client.join(node.base(), channel);
        return this;
    }

    /** The raw bodies of the messages recorded, in order. */
    List<String> bodies() {
        return chat.stream().map(Message::rawBody).toList();
    }

    /** The stream offsets of the messages recorded, in order ({@code -1} for one without). */
    List<Long> offsets() {
        return chat.stream().map(m -> Long.parseLong(m.header(ChannelHeaders.CHANNEL_OFFSET).orElse("-1"))).toList();
    }
}
