package dev.channels.server;

import static dev.channels.server.ServerFixture.error;
import static dev.channels.server.ServerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code get.history} over a real socket (docs/protocol.md "History query"): paging forward until the
 * top, newest first with {@code reverse}, the server's cap, history off, bad bodies, an engine that
 * cannot answer; every publication exactly the frame members received.
 */
class HistoryQueryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ServerFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private void serve(ServerOptions.Builder options, ChannelServer.Builder builder) throws Exception {
        fx = new ServerFixture(builder.options(options.build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withRawBody(msg.rawBody()))));
    }

    private static ServerOptions.Builder history(int size) {
        return ServerOptions.builder().historySize(size).historyTtl(Duration.ofMinutes(5));
    }

    /** Publishes {@code n} chat messages through {@code member}; returns the frames it received, in order. */
    private static List<String> chat(ServerFixture.Joined member, int n) throws Exception {
        List<String> frames = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            member.client().send(EnvelopeCodec.encode(Message.create("chat", "room").withRawBody("\"m" + i + "\"")));
            frames.add(member.client().next(WAIT));
        }
        return frames;
    }

    private static JsonObject ask(ServerFixture.Joined member, String correlationId, String bodyJson) throws Exception {
        Message ask = Message.create(MessageTypes.GET_HISTORY, "room").withCorrelationId(correlationId);
        member.client().send(EnvelopeCodec.encode(bodyJson == null ? ask : ask.withRawBody(bodyJson)));
        Message reply = message(member.client().next(WAIT));
        assertThat(reply.type()).isEqualTo(MessageTypes.HISTORY);
        assertThat(reply.correlationId()).isEqualTo(correlationId);
        return reply.body().asJsonObject();
    }

    private static List<Long> offsets(JsonObject page) {
        return page.getJsonArray("publications").stream()
                .map(v -> Long.parseLong(v.asJsonObject().getJsonObject("headers").getJsonArray(ChannelHeaders.CHANNEL_OFFSET).getString(0)))
                .toList();
    }

    private static ErrorDetail errorFor(ServerFixture.Joined member, String bodyJson) throws Exception {
        member.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_HISTORY, "room").withRawBody(bodyJson)));
        ErrorMessage e = error(member.client().next(WAIT));
        assertThat(e.originType()).isEqualTo(MessageTypes.GET_HISTORY);
        return ErrorDetail.fromJson(e.errorBody()).orElseThrow();
    }

    @Test
    void pagingForwardFromSinceWalksEveryMessageOnceUpToTheTopEachAsMembersReceivedIt() throws Exception {
        serve(history(50), ChannelServer.builder());
        ServerFixture.Joined alice = fx.join("room");
        List<String> received = chat(alice, 12);
        String epoch = alice.joinSuccess().header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow();

        List<JsonValue> walked = new ArrayList<>();
        long since = 0;
        int pages = 0;
        JsonObject page;
        do {
            page = ask(alice, "h" + pages++, "{\"since\":" + since + ",\"limit\":5}");
            assertThat(page.getString("channelId")).isEqualTo("room");
            assertThat(page.getString("epoch")).isEqualTo(epoch);
            assertThat(page.getJsonNumber("top").longValue()).isEqualTo(12);
            walked.addAll(page.getJsonArray("publications"));
            List<Long> offsets = offsets(page);
            since = offsets.isEmpty() ? since : offsets.get(offsets.size() - 1);
        } while (since < page.getJsonNumber("top").longValue());
        assertThat(pages).isEqualTo(3); // 5 + 5 + 2
        assertThat(walked).hasSize(12);
        for (int i = 0; i < 12; i++) { // the very frames the member got live: same id, body and stream headers
            assertThat(walked.get(i)).isEqualTo(jakarta.json.Json.createReader(new java.io.StringReader(received.get(i))).readObject());
        }
        assertThat(offsets(ask(alice, "top", "{\"since\":12}"))).isEmpty();
        JsonObject none = ask(alice, "none", "{\"limit\":0}");
        assertThat(none.getJsonArray("publications")).isEmpty();
        assertThat(none.getJsonNumber("top").longValue()).isEqualTo(12);
    }

    @Test
    void reverseGivesTheNewestFirstAndPagesOlderBelowSince() throws Exception {
        serve(history(50), ChannelServer.builder());
        ServerFixture.Joined alice = fx.join("room");
        chat(alice, 10);
        assertThat(offsets(ask(alice, "r1", "{\"since\":0,\"limit\":4,\"reverse\":true}"))).containsExactly(10L, 9L, 8L, 7L);
        assertThat(offsets(ask(alice, "r2", "{\"since\":7,\"limit\":4,\"reverse\":true}"))).containsExactly(6L, 5L, 4L, 3L);
        assertThat(offsets(ask(alice, "r3", "{\"since\":3,\"limit\":4,\"reverse\":true}"))).containsExactly(2L, 1L);
        assertThat(offsets(ask(alice, "r4", "{\"since\":1,\"reverse\":true}"))).isEmpty();
    }

    @Test
    void theServerCapsTheLimitAndAQueryWithoutBodyGetsAFullPageFromTheStart() throws Exception {
        serve(history(50).maxHistoryPerQuery(3), ChannelServer.builder());
        ServerFixture.Joined alice = fx.join("room");
        chat(alice, 5);
        assertThat(offsets(ask(alice, "c1", "{\"since\":0,\"limit\":1000}"))).containsExactly(1L, 2L, 3L);
        assertThat(offsets(ask(alice, "c2", null))).containsExactly(1L, 2L, 3L);
        assertThat(offsets(ask(alice, "c3", "{\"reverse\":true}"))).containsExactly(5L, 4L, 3L);
        assertThat(offsets(ask(alice, "c4", "{\"since\":4,\"limit\":100}"))).containsExactly(5L);
    }

    @Test
    void aReplyStaysWithinAQuarterOfTheOutboundQueueSoItNeverCutsItsReaderAndTheClientPagesOn() throws Exception {
        serve(history(10).maxQueuedChars(10_000), ChannelServer.builder()); // about 2,500 characters a reply: 2 of these
        ServerFixture.Joined alice = fx.join("room");
        String big = "x".repeat(700);
        for (int i = 1; i <= 6; i++) {
            alice.client().send(EnvelopeCodec.encode(Message.create("chat", "room").withBody(big + i)));
            alice.client().next(WAIT);
        }
        assertThat(offsets(ask(alice, "b1", "{\"since\":0}"))).containsExactly(1L, 2L);
        assertThat(offsets(ask(alice, "b2", "{\"since\":2}"))).containsExactly(3L, 4L);
        assertThat(offsets(ask(alice, "b3", "{\"reverse\":true}"))).containsExactly(6L, 5L);
        assertThat(alice.client().isOpen()).isTrue();
    }

    @Test
    void historyOffGets404AndTheConnectionStaysOpen() throws Exception {
        serve(ServerOptions.builder(), ChannelServer.builder());
        ServerFixture.Joined alice = fx.join("room");
        ErrorDetail off = errorFor(alice, "{\"since\":0}");
        assertThat(off.errCode()).isEqualTo("404");
        assertThat(off.title()).isEqualTo("history not available");
        alice.client().send(EnvelopeCodec.encode(Message.create("chat", "room").withRawBody("\"still here\"")));
        assertThat(message(alice.client().next(WAIT)).bind(String.class)).isEqualTo("still here");
    }

    @Test
    void aBadBodyGets400AndTheConnectionStaysOpen() throws Exception {
        serve(history(10), ChannelServer.builder());
        ServerFixture.Joined alice = fx.join("room");
        chat(alice, 2);
        for (String bad : List.of("{\"limit\":-1}", "{\"since\":-5}", "{\"since\":\"0\"}", "{\"since\":1.5}",
                "{\"limit\":\"ten\"}", "{\"reverse\":\"yes\"}", "[1]", "\"since\"", "{\"since\":1e30}")) {
            assertThat(errorFor(alice, bad).errCode()).as(bad).isEqualTo("400");
        }
        assertThat(offsets(ask(alice, "ok", "{\"since\":null,\"limit\":null,\"reverse\":null}"))).containsExactly(1L, 2L);
    }

    @Test
    void anEngineThatCannotAnswerGets503() throws Exception {
        ControllableEngine engine = new ControllableEngine();
        serve(history(10), ChannelServer.builder().engine(engine));
        ServerFixture.Joined alice = fx.join("room");
        chat(alice, 2);
        engine.failReads(true);
        assertThat(errorFor(alice, "{\"since\":0}").errCode()).isEqualTo("503");
        assertThat(errorFor(alice, "{\"reverse\":true}").errCode()).isEqualTo("503");
        engine.failReads(false);
        assertThat(offsets(ask(alice, "back", "{\"reverse\":true}"))).containsExactly(2L, 1L);
    }
}
