package dev.channels.client;

import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import jakarta.json.Json;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.glassfish.tyrus.server.Server;

/**
 * A raw JSR-356 server that behaves like the Go seed server, for interop tests: it answers a new
 * connection with {@code join.success}, echoes {@code echo} to the sender, broadcasts {@code chat} to
 * the channel, answers {@code fail} with a Go-style error envelope (detail keys {@code Title},
 * {@code Description}, {@code ErrCode}), and stays silent on channel {@code mute}. One at a time per
 * JVM (static state), which suits sequential tests.
 */
public final class GoLikeServer implements AutoCloseable {

    static final Map<String, Set<Session>> CHANNELS = new ConcurrentHashMap<>();
    static final Queue<Message> RECEIVED = new ConcurrentLinkedQueue<>();

    private final Server server;
    private final int port;

    private GoLikeServer(int port) {
        this.port = port;
        this.server = new Server("localhost", port, "/", Map.of(), Endpoint.class);
    }

    /** Starts on {@code port}; 0 picks a free one. */
    static GoLikeServer start(int port) {
        GoLikeServer s = new GoLikeServer(port == 0 ? freePort() : port);
        try {
            s.server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return s;
    }

    int port() {
        return port;
    }

    URI base() {
        return URI.create("ws://localhost:" + port + "/ws");
    }

    /** Sends {@code message} to every member of its channel. */
    static void broadcast(Message message) {
        for (Session s : CHANNELS.getOrDefault(message.channelId(), Set.of())) {
            send(s, EnvelopeCodec.encode(message));
        }
    }

    /** Sends {@code type} to every member, then closes each connection normally (as the seed does). */
    static void endChannel(String channelId, String type) {
        for (Session s : CHANNELS.getOrDefault(channelId, Set.of())) {
            if (!s.isOpen()) {
                continue; // a member of an earlier test whose close is still being processed
            }
            send(s, EnvelopeCodec.encode(Message.create(type, channelId).withClientId(s.getId())));
            try {
                s.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, type));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalStateException e) {
                // closed by its peer between isOpen() and close(): nothing left to end
            }
        }
    }

    /** The members of {@code channelId}. */
    static Set<Session> members(String channelId) {
        return CHANNELS.getOrDefault(channelId, Set.of());
    }

    @Override
    public void close() {
        server.stop();
        CHANNELS.clear();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void send(Session s, String text) {
        try {
            if (s.isOpen()) {
                s.getBasicRemote().sendText(text);
            }
        } catch (IOException e) {
            // gone: like the Go server, ignore
        }
    }

    /** The endpoint: one instance per connection. */
    @ServerEndpoint("/ws/{channel}")
    public static final class Endpoint {

        private String clientId;
        private String channelId;

        @OnOpen
        public void open(Session session, @PathParam("channel") String channel) {
            clientId = UUID.randomUUID().toString();
            channelId = channel;
            CHANNELS.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(session);
            session.getUserProperties().put("clientID", clientId);
            if (!"mute".equals(channel)) {
                send(session, EnvelopeCodec.encode(Message.create(MessageTypes.JOIN_SUCCESS, channel).withClientId(clientId)));
            }
        }

        @OnMessage
        public void message(Session session, String text) {
            Message m = EnvelopeCodec.decodeMessage(text).withClientId(clientId);
            RECEIVED.add(m);
            switch (m.type()) {
                case "echo" -> send(session, EnvelopeCodec.encode(m.newFrom("echo").withRawBody(m.rawBody())));
                case "chat" -> broadcast(m.newFrom("chat").withRawBody(m.rawBody()));
                case "fail" -> {
                    ErrorMessage e = m.toError(null);
                    ErrorMessage goStyle = new ErrorMessage(e.correlationId(), e.appId(), e.userId(), e.originType(),
                            e.originBody(), Json.createObjectBuilder().add("Title", "unexpected server error")
                                    .add("Description", "failed on purpose").add("ErrCode", "500").build(),
                            e.channelId(), e.clientId(), e.headers());
                    send(session, EnvelopeCodec.encode(goStyle));
                }
                default -> { }
            }
        }

        @OnClose
        public void close(Session session) {
            Set<Session> members = CHANNELS.get(channelId);
            if (members != null) {
                members.remove(session);
            }
        }
    }

    /** Client ids of the sessions in {@code channelId}. */
    static List<String> clientIds(String channelId) {
        return members(channelId).stream().map(s -> (String) s.getUserProperties().get("clientID")).toList();
    }
}
