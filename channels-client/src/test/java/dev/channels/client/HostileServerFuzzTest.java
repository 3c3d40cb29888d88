package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.Request;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.api.codec.MalformedFrameException;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The client against a hostile server, fuzzed with Jazzer: a raw server sends each input's frames
 * (arbitrary text, envelopes with arbitrary fields and reserved types, error envelopes, frames for
 * listeners that throw or reply), then a sentinel. The client must never wedge: the sentinel reaches
 * its listener, every decodable error envelope reaches the server-error handler and every failing
 * listener the client-error handler, the channel stays open, and a message published afterwards
 * reaches the server. One connection serves the whole run, so state left by one input is there for
 * the next, as on a real connection.
 *
 * <p>In {@code ./mvnw verify} it runs the stored inputs only (regression mode); fuzz with
 * {@code JAZZER_FUZZ=1 ./mvnw -pl channels-client -am test-compile surefire:test@fuzz-tests -Dtest=HostileServerFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class HostileServerFuzzTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> TYPES = List.of(MessageTypes.JOIN_SUCCESS, MessageTypes.ERROR,
            MessageTypes.CHANNEL_CLOSED, MessageTypes.CHANNEL_EXPIRED, MessageTypes.INFO, MessageTypes.LEAVE_SUCCESS,
            "boom", "replying", "recorded", "");

    private static HostileServer server;
    private static ChannelClient client;
    private static final Recorder RECORDER = new Recorder();
    private static final AtomicInteger ROUND = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = new HostileServer((session, channel) -> HostileServer.sendQuietly(session, EnvelopeCodec.encode(
                Message.create(MessageTypes.JOIN_SUCCESS, channel).withClientId("fuzzed-client"))));
        ChannelClientBuilder builder = ChannelClient.builder().connectTimeout(WAIT)
                .listener("boom", (ctx, msg) -> {
                    throw new IllegalStateException("listener failed on purpose");
                })
                .listener("replying", (ctx, msg) -> Optional.of(msg.newFrom("reply").withBody(msg.body())));
        client = RECORDER.attach(builder, "sentinel", "recorded").build();
        client.join(server.base(), "room");
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @FuzzTest(maxDuration = "3m")
    void clientSurvivesHostileFrames(FuzzedDataProvider data) throws Exception {
        int serverErrorsBefore = RECORDER.serverErrors.size();
        int clientErrorsBefore = RECORDER.clientErrors.size();
        int expectedServerErrors = 0;
        int expectedClientErrors = 0;
        int frames = data.consumeInt(1, 8);
        for (int i = 0; i < frames && data.remainingBytes() > 0; i++) {
            String frame = frame(data);
            Envelope decoded = decodable(frame);
            if (decoded instanceof ErrorMessage) {
                expectedServerErrors++;
            } else if (decoded instanceof Message m && m.type().equals("boom")) {
                expectedClientErrors++;
            }
            server.send(frame);
            if (endsTheChannel(decoded)) {
                assertLeftNormallyAndRejoin(expectedServerErrors, serverErrorsBefore, expectedClientErrors, clientErrorsBefore);
                return;
            }
        }
        int round = ROUND.incrementAndGet();
        server.send(EnvelopeCodec.encode(Message.create("sentinel", "room").withClientId("fuzzed-client").withBody(round)));

        waiting().until(() -> RECORDER.ofType("sentinel").stream()
                .anyMatch(m -> m.rawBody().equals(String.valueOf(round))));
        assertThat(RECORDER.serverErrors.size() - serverErrorsBefore).isEqualTo(expectedServerErrors);
        assertThat(RECORDER.clientErrors.size() - clientErrorsBefore).isEqualTo(expectedClientErrors);
        assertThat(client.channel("room")).map(JoinedChannel::state).contains(ChannelState.OPEN);
        client.publish(Request.of("room", "probe", round));
        waiting().until(() -> server.received.stream()
                .anyMatch(t -> t.contains("\"probe\"") && t.contains("\"body\":" + round + ",")));
        server.received.clear();
        RECORDER.messages.clear();
    }

    /** channel.closed or channel.expired for this channel (or no channel): the client leaves, as in the seed. */
    private static boolean endsTheChannel(Envelope decoded) {
        return decoded instanceof Message m
                && (m.type().equals(MessageTypes.CHANNEL_CLOSED) || m.type().equals(MessageTypes.CHANNEL_EXPIRED))
                && (m.channelId().isEmpty() || m.channelId().equals("room"));
    }

    /** The defined end: the client closes normally (1000) and forgets the channel; joins again for the next input. */
    private static void assertLeftNormallyAndRejoin(int expectedServerErrors, int serverErrorsBefore,
                                                    int expectedClientErrors, int clientErrorsBefore) throws Exception {
        assertThat(server.lastClose.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .getCloseCode().getCode()).isEqualTo(1000);
        waiting().until(() -> client.channel("room").isEmpty());
        assertThat(RECORDER.serverErrors.size() - serverErrorsBefore).isEqualTo(expectedServerErrors);
        assertThat(RECORDER.clientErrors.size() - clientErrorsBefore).isEqualTo(expectedClientErrors);
        client.join(server.base(), "room");
        server.received.clear();
        RECORDER.messages.clear();
    }

    /** Awaitility with a short poll interval: each execution waits for a few socket round trips only. */
    private static org.awaitility.core.ConditionFactory waiting() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
    }

    private static Envelope decodable(String frame) {
        try {
            return EnvelopeCodec.decode(frame);
        } catch (MalformedFrameException e) {
            return null;
        }
    }

    /** One frame: arbitrary text, an envelope with arbitrary fields, or an error envelope. */
    private static String frame(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0:
                return new String(data.consumeBytes(4096), StandardCharsets.UTF_8);
            case 1: {
                String type = data.consumeBoolean() ? data.pickValue(TYPES) : utf8(data, 40);
                Message m = Message.create(type, data.consumeBoolean() ? "room" : utf8(data, 20))
                        .withClientId(utf8(data, 20))
                        .withCorrelationId(data.consumeBoolean() ? "" : utf8(data, 20));
                String body = utf8(data, 2048);
                try {
                    m = m.withRawBody(body);
                } catch (RuntimeException notJson) {
                    m = m.withBody(body);
                }
                return EnvelopeCodec.encode(m);
            }
            default: {
                ErrorMessage e = new ErrorMessage(utf8(data, 20), "", "", utf8(data, 20), Json.createValue(utf8(data, 100)),
                        Json.createObjectBuilder().add("title", utf8(data, 40)).add("errCode", utf8(data, 5)).build(),
                        "room", "fuzzed-client", java.util.Map.of());
                return EnvelopeCodec.encode(e);
            }
        }
    }

    private static String utf8(FuzzedDataProvider data, int maxBytes) {
        return new String(data.consumeBytes(maxBytes), StandardCharsets.UTF_8);
    }
}
