package dev.channels.bench.server;

import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The raw ceiling's broadcast when a member closes between its {@code isOpen()} and the send (a churner
 * leaving during a broadcast; Tyrus then throws "Socket is not connected" from {@code sendText}): the other
 * members still get the frame and nothing escapes to the sender's handler (which Tyrus would turn into the
 * sender's {@code onError}, taking it out of its channel). This race made the churn smoke test lose frames of
 * stable members on raw, rarely, under load.
 */
class RawBroadcastEndpointTest {

    /** A session of {@code channel} recording what it is sent; {@code closing}: it throws on send like Tyrus. */
    private static Session session(String channel, List<String> received, java.util.concurrent.atomic.AtomicBoolean closing,
                                   AtomicReference<MessageHandler.Whole<String>> handler) {
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                RawBroadcastEndpointTest.class.getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 1) {
                        if (closing.get()) {
                            throw new RuntimeException("Socket is not connected.");
                        }
                        received.add((String) args[0]);
                        return CompletableFuture.completedFuture(null);
                    }
                    return defaultValue(method.getReturnType());
                });
        return (Session) Proxy.newProxyInstance(RawBroadcastEndpointTest.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> true;
                    case "getAsyncRemote" -> remote;
                    case "getPathParameters" -> Map.of("channel", channel);
                    case "addMessageHandler" -> {
                        @SuppressWarnings("unchecked")
                        MessageHandler.Whole<String> h = (MessageHandler.Whole<String>) args[args.length - 1];
                        handler.set(h);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "session";
                    default -> defaultValue(method.getReturnType());
                });
    }

    private static Object defaultValue(Class<?> type) {
        return type == boolean.class ? false : type == int.class || type == long.class ? 0 : null;
    }

    @Test
    void aMemberClosingDuringTheBroadcastIsSkippedAndTheOthersStillGetTheFrame() {
        RawChannelRegistry registry = new RawChannelRegistry();
        RawBroadcastEndpoint endpoint = new RawBroadcastEndpoint(registry);
        List<List<String>> received = new ArrayList<>();
        AtomicReference<MessageHandler.Whole<String>> senderHandler = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        for (int i = 0; i < 4; i++) {
            List<String> got = new ArrayList<>();
            received.add(got);
            // member 1 is the one closing; the registry's set has no order, so it may come before or after others
            Session s = session("c", got, i == 1 ? closing : new java.util.concurrent.atomic.AtomicBoolean(),
                    i == 0 ? senderHandler : new AtomicReference<>());
            endpoint.onOpen(s, null);
        }
        received.forEach(List::clear); // the "joined" greetings
        closing.set(true);

        assertThatCode(() -> senderHandler.get().onMessage("frame")).doesNotThrowAnyException();

        assertThat(received.get(0)).containsExactly("frame");
        assertThat(received.get(2)).containsExactly("frame");
        assertThat(received.get(3)).containsExactly("frame");
        assertThat(registry.members("c")).hasSize(4);
    }
}
