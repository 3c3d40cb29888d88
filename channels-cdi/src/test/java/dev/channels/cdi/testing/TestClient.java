package dev.channels.cdi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A raw Jakarta WebSocket client (Tyrus's) for tests: records every envelope it receives, in order, and the
 * close reason. Received frames are queued by the container's reader thread and taken by the test thread.
 */
public final class TestClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Tyrus's client, named explicitly: Jetty's client is on the test class path too. */
    private static final WebSocketContainer CLIENT = ClientManager.createClient();

    private final BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final Session session;
    private final String clientId;
    private final String channelId;

    private TestClient(URI uri) throws Exception {
        WebSocketContainer container = CLIENT;
        this.session = container.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig config) {
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> received.add(EnvelopeCodec.decode(text)));
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closed.complete(reason);
            }
        }, ClientEndpointConfig.Builder.create().build(), uri);
        Message join = nextMessage();
        assertThat(join.type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        this.clientId = join.clientId();
        this.channelId = join.channelId();
    }

    /** Connects to {@code uri}, which the server must refuse, and returns how it closed the connection. */
    public static CloseReason refused(URI uri) throws Exception {
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        CompletableFuture<String> frame = new CompletableFuture<>();
        Session session = CLIENT.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig config) {
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame::complete);
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closed.complete(reason);
            }
        }, ClientEndpointConfig.Builder.create().build(), uri);
        try {
            CloseReason reason = closed.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(frame).as("no frame before the refusal").isNotDone();
            return reason;
        } finally {
            session.close();
        }
    }

    /** Connects to {@code uri} and waits for {@code join.success}. */
    public static TestClient join(URI uri) throws Exception {
        return new TestClient(uri);
    }

    /** The clientID the server assigned. */
    public String clientId() {
        return clientId;
    }

    /** Sends {@code message} as a text frame, on this client's channel. */
    public void send(Message message) throws Exception {
        session.getBasicRemote().sendText(EnvelopeCodec.encode(message.withChannelId(channelId)));
    }

    /** Sends a new message of {@code type} whose body is {@code body}. */
    public Message send(String type, Object body) throws Exception {
        Message m = Message.create(type, channelId).withBody(body);
        send(m);
        return m;
    }

    /** The next envelope, waiting up to five seconds. */
    public Envelope next() throws InterruptedException {
        Envelope e = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(e).as("an envelope within " + WAIT).isNotNull();
        return e;
    }

    /** The next envelope, which must be a message. */
    public Message nextMessage() throws InterruptedException {
        Envelope e = next();
        assertThat(e).isInstanceOf(Message.class);
        return (Message) e;
    }

    /** The next envelope, which must be an error envelope. */
    public ErrorMessage nextError() throws InterruptedException {
        Envelope e = next();
        assertThat(e).isInstanceOf(ErrorMessage.class);
        return (ErrorMessage) e;
    }

    /** Whether nothing was received and not yet taken. */
    public boolean nothingPending() {
        return received.isEmpty();
    }

    /** Completes with the close reason when the server closes the connection. */
    public CompletableFuture<CloseReason> closed() {
        return closed;
    }

    /** Closes the connection normally (as a client leaving). */
    public void disconnect() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }

    @Override
    public void close() throws IOException {
        disconnect();
    }
}
