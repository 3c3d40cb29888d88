package dev.channels.server;

import static dev.channels.server.ServerFixture.error;
import static dev.channels.server.ServerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ErrorDetail;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.engine.PresenceInfo;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** get.info pages its member list (docs/protocol.md "Presence"): capped replies, a cursor that walks every member once. */
class PresencePagingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int OTHERS = 249;

    private ServerFixture fx;
    private ServerFixture.Joined asker;
    private final List<String> joinOrder = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()); // the default cap: 100 members a reply
        asker = fx.join("big");
        joinOrder.add(asker.clientId());
        String node = fx.server.engine().nodeId();
        for (int i = 0; i < OTHERS; i++) { // members on "other nodes", listed like local ones
            fx.server.engine().presence().add(new PresenceInfo("m-" + i, "big", "u" + i, Instant.now(), node),
                    Duration.ofMinutes(10)).join();
            joinOrder.add("m-" + i);
        }
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private JsonObject info(String correlationId, String bodyJson) throws Exception {
        Message ask = Message.create(MessageTypes.GET_INFO, "big").withCorrelationId(correlationId);
        asker.client().send(EnvelopeCodec.encode(bodyJson == null ? ask : ask.withRawBody(bodyJson)));
        Message reply = message(asker.client().next(WAIT));
        assertThat(reply.type()).isEqualTo(MessageTypes.INFO);
        assertThat(reply.correlationId()).isEqualTo(correlationId);
        return reply.body().asJsonObject();
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("members").stream().map(v -> v.asJsonObject().getString("clientId")).toList();
    }

    @Test
    void theFirstPageIsCappedAndTheCursorWalksEveryMemberOnceInJoinOrder() throws Exception {
        JsonObject first = info("p1", null); // no body, as every client before paging sent it
        assertThat(first.getInt("count")).isEqualTo(OTHERS + 1);
        assertThat(ids(first)).hasSize(100).containsExactlyElementsOf(joinOrder.subList(0, 100));
        List<String> walked = new ArrayList<>(ids(first));
        JsonObject page = first;
        int n = 1;
        while (page.containsKey("next")) {
            page = info("p" + ++n, "{\"after\":\"" + page.getString("next") + "\"}");
            assertThat(page.getInt("count")).isEqualTo(OTHERS + 1);
            walked.addAll(ids(page));
        }
        assertThat(n).isEqualTo(3);
        assertThat(walked).containsExactlyElementsOf(joinOrder);
    }

    @Test
    void aSmallerLimitIsHonouredALargerOneCappedAndMembersLeavingMidWalkDoNotDisturbIt() throws Exception {
        JsonObject ten = info("l1", "{\"limit\":10}");
        assertThat(ids(ten)).containsExactlyElementsOf(joinOrder.subList(0, 10));
        assertThat(ids(info("l2", "{\"limit\":100000}"))).hasSize(100);
        // members of the page already seen, and the cursor's own member, leave before the next page
        for (String gone : List.of("m-3", "m-8")) {
            fx.server.engine().presence().remove("big", gone).join();
            joinOrder.remove(gone);
        }
        JsonObject next = info("l3", "{\"limit\":10,\"after\":\"" + ten.getString("next") + "\"}");
        assertThat(next.getInt("count")).isEqualTo(OTHERS - 1);
        assertThat(ids(next)).containsExactlyElementsOf(joinOrder.subList(8, 18));
    }

    @Test
    void theJavaClientPagesThroughTheMembers() throws Exception {
        try (dev.channels.client.ChannelClient client = dev.channels.client.ChannelClient.builder().build()) {
            dev.channels.client.JoinedChannel joined = client.join(java.net.URI.create(
                    "ws://localhost:" + fx.running.port() + "/ws"), "big");
            joinOrder.add(joined.clientId());
            List<String> walked = new ArrayList<>();
            dev.channels.client.ChannelPresence page = joined.presence();
            walked.addAll(page.members().stream().map(dev.channels.client.ChannelPresence.Member::clientId).toList());
            while (page.hasNext()) {
                page = joined.presence(page.next());
                assertThat(page.count()).isEqualTo(OTHERS + 2);
                walked.addAll(page.members().stream().map(dev.channels.client.ChannelPresence.Member::clientId).toList());
            }
            assertThat(walked).containsExactlyElementsOf(joinOrder);
        }
    }

    @Test
    void aBadPageRequestGets400AndTheConnectionStaysOpen() throws Exception {
        for (String bad : List.of("[1]", "{\"limit\":0}", "{\"limit\":\"ten\"}", "{\"after\":7}", "{\"after\":\"not a cursor\"}")) {
            asker.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_INFO, "big").withRawBody(bad)));
            assertThat(error(asker.client().next(WAIT)).detail()).as(bad).map(ErrorDetail::errCode).contains("400");
        }
        assertThat(ids(info("ok", "{}"))).hasSize(100);
        assertThat(info("null", "null").get("members").getValueType()).isEqualTo(JsonValue.ValueType.ARRAY);
    }
}
