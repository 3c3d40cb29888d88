package dev.channels.client;

import dev.channels.api.ErrorMessage;
import dev.channels.api.Handler;
import dev.channels.api.Message;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Records what a client's listeners and error handlers saw, for assertions with Awaitility. */
final class Recorder {

    final Queue<Message> messages = new ConcurrentLinkedQueue<>();
    final Queue<ErrorMessage> serverErrors = new ConcurrentLinkedQueue<>();
    final Queue<Map.Entry<Message, Throwable>> clientErrors = new ConcurrentLinkedQueue<>();

    /** A listener that records and sends nothing back. */
    Handler listener() {
        return (ctx, msg) -> {
            messages.add(msg);
            return msg.noContent();
        };
    }

    ChannelClientBuilder attach(ChannelClientBuilder b, String... types) {
        for (String t : types) {
            b.listener(t, listener());
        }
        return b.onServerError(serverErrors::add).onClientError((m, e) -> clientErrors.add(Map.entry(m, e)));
    }

    List<Message> ofType(String type) {
        return messages.stream().filter(m -> m.type().equals(type)).toList();
    }

    List<Message> ofType(String type, String channelId) {
        return messages.stream().filter(m -> m.type().equals(type) && m.channelId().equals(channelId)).toList();
    }
}
