package dev.channels.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.client.ChannelClient;
import dev.channels.client.JoinedChannel;
import dev.channels.server.ChannelServer;
import dev.channels.testkit.RecordingClient;
import dev.channels.testkit.SelfSignedCertificate;
import dev.channels.testkit.TyrusTestServer;
import dev.channels.transport.OutboundText;
import dev.channels.transport.SessionWriter;
import dev.channels.transport.SessionWriterListener;
import dev.channels.transport.SessionWriterOptions;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone runner's raw frames ({@link GrizzlyDirectFrames}, given to writers made in an
 * endpoint's {@code onOpen} through {@link StandaloneServer#rawFrameWriters()}), over real sockets: one
 * {@link OutboundText} queued on many writers reaches every peer intact and in order (every length
 * encoding, multi-byte UTF-8). Where the runner has no direct writer the writer uses {@code sendText}
 * and still delivers: Tyrus's own container (as in an application server), a writer made outside
 * {@code onOpen}, a session that negotiated an extension, a client session. Over TLS the raw frames go
 * down the connection's filter chain and arrive decrypted and intact.
 */
class RawFramesTest {

    private final List<SessionWriter> writers = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private TyrusTestServer server;
    private ClientManager clientManager;

    private final SessionWriterListener listener = new SessionWriterListener() {
        @Override
        public void onFailure(SessionWriter writer, Throwable error) {
            failures.incrementAndGet();
        }
    };

    /** A writer with raw frames on for each new session. */
    public final class RawWriterEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig c) {
            writers.add(new SessionWriter(session, SessionWriterOptions.builder().bounds(100_000, 100_000_000).build(),
                    listener, StandaloneServer.rawFrameWriters()));
        }
    }

    /** Starts the endpoint on the standalone runner. */
    private void startServer(List<Extension> extensions) throws Exception {
        server = StandaloneEndpoints.start(config(extensions));
    }

    private ServerEndpointConfig config(List<Extension> extensions) {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(RawWriterEndpoint.class, "/w")
                .extensions(extensions)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new RawWriterEndpoint());
                    }
                }).build();
        return config;
    }

    @AfterEach
    void stop() {
        if (clientManager != null) {
            clientManager.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The texts of a run: every frame length encoding (7-bit, 16-bit, 64-bit) and multi-byte UTF-8. */
    private static String text(int i) {
        String body = switch (i % 4) {
            case 0 -> "small";
            case 1 -> "é€😀".repeat(20); // 180 bytes: 16-bit length
            case 2 -> "y".repeat(70_000); // 64-bit length
            default -> "ok ✓";
        };
        return i + ":" + body;
    }

    @Test
    void oneOutboundTextGoesToEveryWriterAsTheSameFrameAndArrivesIntactAndInOrder() throws Exception {
        startServer(List.of());
        int peers = 5;
        int messages = 1_000;
        List<RecordingClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < peers; i++) {
                clients.add(RecordingClient.connect(server.uri("/w")));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> writers.size() == peers);
            // the runner's only raw writer: straight into Grizzly's write queue
            assertThat(writers).allSatisfy(w -> assertThat(w.rawFrames()).as("raw frame path").isTrue());
            for (int i = 0; i < messages; i++) {
                OutboundText shared = OutboundText.of(text(i));
                for (SessionWriter w : writers) {
                    assertThat(w.send(shared)).isTrue();
                }
            }
            for (RecordingClient client : clients) {
                for (int i = 0; i < messages; i++) {
                    assertThat(client.next()).isEqualTo(text(i));
                }
            }
            assertThat(failures).hasValue(0);
        } finally {
            for (RecordingClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void onTyrusOwnContainerTheRunnersFactoryHasNoWriterAndSendTextStillDelivers() throws Exception {
        server = TyrusTestServer.start(config(List.of())); // no standalone runner: as in an application server
        try (RecordingClient client = RecordingClient.connect(server.uri("/w"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> writers.size() == 1);
            SessionWriter writer = writers.get(0);
            assertThat(writer.rawFrames()).isFalse();
            for (int i = 0; i < 200; i++) {
                writer.send(OutboundText.of(text(i)));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(client.next()).isEqualTo(text(i));
            }
        }
    }

    @Test
    void aWriterMadeOutsideOnOpenOrWithoutTheFactoryUsesSendText() throws Exception {
        startServer(List.of());
        try (RecordingClient client = RecordingClient.connect(server.uri("/w"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> writers.size() == 1);
            Session session = writers.get(0).session();
            assertThat(new SessionWriter(session, SessionWriterOptions.defaults(), listener,
                    StandaloneServer.rawFrameWriters()).rawFrames()).as("made after onOpen").isFalse();
            SessionWriter portable = new SessionWriter(session, SessionWriterOptions.defaults(), listener);
            assertThat(portable.rawFrames()).isFalse();
            portable.send("portable");
            assertThat(client.next()).isEqualTo("portable");
        }
    }

    @Test
    void aSessionThatNegotiatedAnExtensionGetsItsFramesThroughTheExtension() throws Exception {
        startServer(List.of(new XorExtension()));
        clientManager = ClientManager.createClient();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().extensions(List.of(new XorExtension())).build();
        Session session = clientManager.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig c) {
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
            }
        }, config, URI.create(server.uri("/w")));
        try {
            assertThat(session.getNegotiatedExtensions()).extracting(Extension::getName).containsExactly(XorExtension.NAME);
            await().atMost(Duration.ofSeconds(20)).until(() -> writers.size() == 1);
            SessionWriter writer = writers.get(0);
            assertThat(writer.rawFrames()).as("raw frames would skip the extension").isFalse();
            for (int i = 0; i < 100; i++) {
                writer.send(OutboundText.of(text(i)));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo(text(i));
            }
        } finally {
            session.close();
        }
    }

    @Test
    void aClientSessionNeverTakesTheRawPathItsFramesMustBeMasked() throws Exception {
        startServer(List.of());
        try (RecordingClient client = RecordingClient.connect(server.uri("/w"))) {
            SessionWriter clientWriter = new SessionWriter(client.session(), SessionWriterOptions.defaults(), listener,
                    StandaloneServer.rawFrameWriters());
            assertThat(clientWriter.rawFrames()).isFalse();
            await().atMost(Duration.ofSeconds(20)).until(() -> writers.size() == 1);
            BlockingQueue<String> atServer = new LinkedBlockingQueue<>();
            writers.get(0).session().addMessageHandler(String.class, (MessageHandler.Whole<String>) atServer::add);
            clientWriter.send("from the client");
            assertThat(atServer.poll(20, TimeUnit.SECONDS)).isEqualTo("from the client");
        }
    }

    @Test
    void textWithNoUtf8FormFailsTheWriterAsOnThePortablePath() throws Exception {
        startServer(List.of());
        try (RecordingClient client = RecordingClient.connect(server.uri("/w"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> writers.size() == 1);
            SessionWriter writer = writers.get(0);
            assertThat(writer.rawFrames()).isTrue();
            writer.send("before");
            writer.send("lone \uD800 surrogate");
            assertThat(client.next()).isEqualTo("before");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(failures).hasValue(1));
            CloseReason reason = client.closed().get(20, TimeUnit.SECONDS);
            assertThat(reason.getCloseCode().getCode()).isEqualTo(1011);
        }
    }

    /**
     * On a TLS connection the write queue would take bytes the connection's filter chain must encrypt
     * first: the raw frames go down that chain instead, and members get every broadcast intact.
     */
    @Test
    void overTlsRawFramesGoThroughTheFilterChainAndArriveIntact(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        try (StandaloneServer running = StandaloneServer.start(ChannelServer.builder().build(), 0, certificate.serverContext());
             ChannelClient client = ChannelClient.builder().sslContext(certificate.trustingClientContext())
                     .listener("news", (ctx, m) -> {
                         received.add(m);
                         return java.util.Optional.empty();
                     }).build()) {
            URI room = running.channelUri("room");
            JoinedChannel joined = client.join(URI.create(room.toString().substring(0, room.toString().lastIndexOf('/'))), "room");
            await().atMost(Duration.ofSeconds(20)).until(() -> running.server().connectionCount() == 1);
            assertThat(running.server().rawFrameConnections()).isEqualTo(1);
            for (int i = 0; i < 20; i++) {
                running.server().broadcast("room", Message.create("news", "room").withRawBody("\"" + text(i) + "\""));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(received.poll(20, TimeUnit.SECONDS)).as("broadcast " + i).isNotNull()
                        .extracting(Message::rawBody).isEqualTo("\"" + text(i) + "\"");
            }
            assertThat(joined.clientId()).isNotEmpty();
        }
    }

    /**
     * A real (if silly) extension that changes every data frame's payload on the wire: XOR 0x5A on the
     * way out, again on the way in. A frame that skipped the sender's extension arrives garbled.
     */
    public static final class XorExtension implements ExtendedExtension {
        static final String NAME = "x-channels-test-xor";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public List<Parameter> getParameters() {
            return List.of();
        }

        @Override
        public Frame processIncoming(ExtensionContext context, Frame frame) {
            return xor(frame);
        }

        @Override
        public Frame processOutgoing(ExtensionContext context, Frame frame) {
            return xor(frame);
        }

        private static Frame xor(Frame frame) {
            if (frame.isControlFrame()) {
                return frame;
            }
            byte[] data = frame.getPayloadData();
            for (int i = 0; i < data.length; i++) {
                data[i] ^= 0x5A;
            }
            return Frame.builder(frame).payloadData(data).build();
        }

        @Override
        public List<Parameter> onExtensionNegotiation(ExtensionContext context, List<Parameter> requestedParameters) {
            return List.of();
        }

        @Override
        public void onHandshakeResponse(ExtensionContext context, List<Parameter> responseParameters) {
        }

        @Override
        public void destroy(ExtensionContext context) {
        }
    }
}
