package dev.channels.it;

import dev.channels.api.ErrorMessage;
import dev.channels.api.Envelope;
import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.it.sample.EchoEndpoint;
import dev.channels.it.sample.EchoReply;
import dev.channels.it.sample.EchoRequest;
import dev.channels.it.sample.ProgrammaticEchoEndpoint;
import dev.channels.it.sample.ServerStatus;
import dev.channels.it.support.SampleDeployment;
import dev.channels.it.support.WebSocketTestClient;
import dev.channels.it.support.DeploymentUrls;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.CloseReason;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application in a real, managed application server (which one is decided by the
 * container module that runs this class), driven from the test JVM over real sockets: plain HTTP
 * to a servlet and WebSocket connections to {@code {contextRoot}/ws/{channelId}}.
 *
 * <p>One deployment for the whole class, because Payara Micro starts one server process per
 * deployment. Tests do not depend on each other's order: counters are compared, never absolute.
 */
@ExtendWith(ArquillianExtension.class)
class SampleApplicationIT {

    private static final System.Logger LOG = System.getLogger(SampleApplicationIT.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ArquillianResource
    private URL reportedBaseUrl;

    private URL baseUrl;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SampleDeployment.create();
    }

    @BeforeEach
    void stayOnLoopback() {
        baseUrl = DeploymentUrls.onLoopback(reportedBaseUrl);
    }

    @Test
    void servletAnswersWithJsonWrittenByTheServersJsonb() throws Exception {
        ServerStatus status = status();
        LOG.log(System.Logger.Level.INFO, "Container: {0}; JSON-B: {1}; base URL: {2}",
                status.getServerInfo(), status.getJsonbImplementation(), reportedBaseUrl);

        assertThat(status.getServerInfo()).isNotBlank();
        assertThat(status.getBeanInstanceId()).isNotBlank();
        assertThat(status.getJsonbImplementation()).isNotBlank();
    }

    @Test
    void echoMessageOnAChannelPathIsAnsweredWithAnEchoForThatChannel() throws Exception {
        try (WebSocketTestClient client = WebSocketTestClient.connect(ws("ws/room-1"))) {
            Message request = echoRequest("hi").withCorrelationId("c-1").withClientId("client-a");
            client.send(EnvelopeCodec.encode(request));

            Message reply = EnvelopeCodec.decodeMessage(client.nextText(WAIT));
            EchoReply body = reply.bind(EchoReply.class);

            assertThat(reply.type()).isEqualTo(EchoEndpoint.ECHO);
            assertThat(reply.channelId()).isEqualTo("room-1");
            assertThat(reply.correlationId()).isEqualTo("c-1");
            assertThat(reply.clientId()).isEqualTo("client-a");
            assertThat(reply.id()).isNotEqualTo(request.id());
            assertThat(body.getChannelId()).isEqualTo("room-1");
            assertThat(body.getGreeting()).isEqualTo("hello hi from room-1");
        }
    }

    @Test
    void endpointAndServletShareOneApplicationScopedBeanAcrossConnections() throws Exception {
        EchoReply first;
        EchoReply second;
        try (WebSocketTestClient a = WebSocketTestClient.connect(ws("ws/alpha"));
             WebSocketTestClient b = WebSocketTestClient.connect(ws("ws/beta"))) {
            a.send(EnvelopeCodec.encode(echoRequest("one")));
            first = EnvelopeCodec.decodeMessage(a.nextText(WAIT)).bind(EchoReply.class);
            b.send(EnvelopeCodec.encode(echoRequest("two")));
            second = EnvelopeCodec.decodeMessage(b.nextText(WAIT)).bind(EchoReply.class);
        }
        ServerStatus status = status();

        assertThat(first.isLookupSeesSameBean()).as("CDI.current() lookup sees the injected bean").isTrue();
        assertThat(second.getBeanInstanceId()).isEqualTo(first.getBeanInstanceId());
        assertThat(status.getBeanInstanceId()).isEqualTo(first.getBeanInstanceId());
        assertThat(second.getMessageNumber()).isGreaterThan(first.getMessageNumber());
        assertThat(status.getMessageCount()).isGreaterThanOrEqualTo(second.getMessageNumber());
    }

    @Test
    void bodiesAreBoundWithTheServersJsonbImplementation() throws Exception {
        try (WebSocketTestClient client = WebSocketTestClient.connect(ws("ws/json"))) {
            client.send(EnvelopeCodec.encode(echoRequest("json")));

            EchoReply body = EnvelopeCodec.decodeMessage(client.nextText(WAIT)).bind(EchoReply.class);

            assertThat(body.getJsonbImplementation()).isEqualTo(status().getJsonbImplementation());
        }
    }

    @Test
    void anonymousConnectionHasNoPrincipal() throws Exception {
        try (WebSocketTestClient client = WebSocketTestClient.connect(ws("ws/anonymous"))) {
            client.send(EnvelopeCodec.encode(echoRequest("who")));

            EchoReply body = EnvelopeCodec.decodeMessage(client.nextText(WAIT)).bind(EchoReply.class);

            assertThat(body.getPrincipal()).isNull();
        }
    }

    @Test
    void unknownMessageTypeIsAnsweredWithAnErrorEnvelope() throws Exception {
        try (WebSocketTestClient client = WebSocketTestClient.connect(ws("ws/errors"))) {
            client.send(EnvelopeCodec.encode(Message.create("no-such-type").withCorrelationId("c-err")));

            Envelope reply = EnvelopeCodec.decode(client.nextText(WAIT));

            assertThat(reply).isInstanceOf(ErrorMessage.class);
            ErrorMessage error = (ErrorMessage) reply;
            assertThat(error.correlationId()).isEqualTo("c-err");
            assertThat(error.originType()).isEqualTo("no-such-type");
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void malformedFrameClosesTheConnectionWithCannotAccept() throws Exception {
        try (WebSocketTestClient client = WebSocketTestClient.connect(ws("ws/malformed"))) {
            client.send("this is not JSON");

            CloseReason reason = client.awaitClose(WAIT);

            assertThat(reason.getCloseCode().getCode()).isEqualTo(CloseReason.CloseCodes.CANNOT_ACCEPT.getCode());
            assertThat(reason.getReasonPhrase()).isEqualTo("malformed frame");
        }
    }

    @Test
    void textMessageAboveTheEndpointLimitClosesTheConnectionAsTooBig() throws Exception {
        try (WebSocketTestClient client = WebSocketTestClient.connect(ws("ws/big"))) {
            client.sendExpectingClose(
                    EnvelopeCodec.encode(echoRequest("x".repeat(EchoEndpoint.MAX_TEXT_MESSAGE_BYTES * 2))), WAIT);

            CloseReason reason = client.awaitClose(WAIT);
            LOG.log(System.Logger.Level.INFO, "Oversized text message closed with {0} \"{1}\"",
                    reason.getCloseCode().getCode(), reason.getReasonPhrase());

            assertThat(reason.getCloseCode().getCode()).isEqualTo(CloseReason.CloseCodes.TOO_BIG.getCode());
        }
    }

    @Test
    void programmaticEndpointFromServerApplicationConfigIsDeployed() throws Exception {
        try (WebSocketTestClient client = WebSocketTestClient.connect(ws(ProgrammaticEchoEndpoint.PATH))) {
            client.send("ping");

            assertThat(client.nextText(WAIT)).isEqualTo("programmatic:ping");
        }
    }

    private URI ws(String path) {
        return DeploymentUrls.webSocket(baseUrl, path);
    }

    private static Message echoRequest(String text) {
        return Message.create(EchoEndpoint.ECHO).withBody(new EchoRequest(text));
    }

    private ServerStatus status() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(DeploymentUrls.http(baseUrl, "status")).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET status: %s", response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        try (Jsonb jsonb = JsonbBuilder.create()) {
            return jsonb.fromJson(response.body(), ServerStatus.class);
        }
    }
}
