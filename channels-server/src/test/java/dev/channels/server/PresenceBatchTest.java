package dev.channels.server;

import static dev.channels.server.ChannelStreamTest.nextOfType;
import static dev.channels.server.ServerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Batched presence over real sockets (docs/protocol.md "Presence", {@code channels.presence-batch-interval}):
 * a room filling up costs each member one {@code presence.diff} per interval, not one event per join;
 * and {@code get.info} {@code {"countOnly":true}} answers the count without the member list.
 */
class PresenceBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final int MEMBERS = 50;

    @AutoClose
    private ServerFixture fx;

    /** What one member has seen of presence so far. */
    private static final class Seen {
        final ServerFixture.Joined member;
        final long joinedNanos;
        int diffs;
        int perMemberEvents;
        final Set<String> joins = new HashSet<>();
        final Set<String> leaves = new HashSet<>();

        Seen(ServerFixture.Joined member, long joinedNanos) {
            this.member = member;
            this.joinedNanos = joinedNanos;
        }

        /** Takes every frame received so far. */
        Seen pump() {
            for (String frame : member.client().drain()) {
                Message m = message(frame);
                if (m.type().equals(MessageTypes.PRESENCE_DIFF)) {
                    diffs++;
                    JsonObject body = m.body().asJsonObject();
                    assertThat(body.getString("channelId")).isEqualTo(m.channelId());
                    body.getJsonArray("joins").forEach(j -> joins.add(j.asJsonObject().getString("clientId")));
                    body.getJsonArray("leaves").forEach(j -> leaves.add(j.asJsonObject().getString("clientId")));
                } else if (m.type().startsWith("presence.")) {
                    perMemberEvents++;
                }
            }
            return this;
        }
    }

    @Test
    void aJoinStormCostsEachMemberOneDiffPerIntervalAndTheDiffsNameEveryJoinAndLeave() throws Exception {
        fx = new ServerFixture(ChannelServer.builder()
                .options(ServerOptions.builder().presenceEvents(true).presenceBatchInterval(INTERVAL).build()));
        long start = System.nanoTime();
        List<Seen> seen = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            long before = System.nanoTime();
            seen.add(new Seen(fx.join("storm"), before));
        }
        Set<String> everyone = new HashSet<>();
        seen.forEach(s -> everyone.add(s.member.clientId()));
        Seen first = seen.get(0);
        await().atMost(WAIT).untilAsserted(() -> assertThat(first.pump().joins).containsAll(everyone));
        Seen last = seen.get(MEMBERS - 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(last.pump().joins).contains(last.member.clientId()));

        long now = System.nanoTime();
        for (Seen s : seen) {
            s.pump();
            // one node's diffs of a channel are at least one interval apart: however the storm went, a member
            // got at most one per interval it was in the channel (per-member events: one per later join)
            long bound = (now - s.joinedNanos) / INTERVAL.toNanos() + 1;
            assertThat(s.diffs).as("diffs to a member in the channel for %d ms", (now - s.joinedNanos) / 1_000_000)
                    .isBetween(0, (int) bound);
            assertThat(s.perMemberEvents).as("no presence.joined / presence.left in batched mode").isZero();
        }
        assertThat(first.diffs).as("the first member: per-member events would be %d frames (storm took %d ms)",
                MEMBERS, (now - start) / 1_000_000).isLessThan(MEMBERS / 2);

        List<String> gone = new ArrayList<>();
        for (Seen s : seen.subList(MEMBERS - 10, MEMBERS)) {
            gone.add(s.member.clientId());
            s.member.client().close();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(first.pump().leaves).containsAll(gone));
        assertThat(first.leaves).as("only those who left").hasSameSizeAs(gone);
    }

    @Test
    void inAClusterEachNodesDiffReachesTheMembersOnEveryNodeAndCountOnlyCountsEveryNode() throws Exception {
        dev.channels.server.engine.InMemoryEngine.Cluster cluster = dev.channels.server.engine.InMemoryEngine.cluster();
        ServerOptions batched = ServerOptions.builder().presenceEvents(true).presenceBatchInterval(Duration.ofMillis(200)).build();
        fx = new ServerFixture(ChannelServer.builder().engine(cluster.node()).options(batched));
        try (ServerFixture nodeB = new ServerFixture(ChannelServer.builder().engine(cluster.node()).options(batched))) {
            Seen a = new Seen(fx.join("room"), System.nanoTime());
            ServerFixture.Joined b = nodeB.join("room");
            await().atMost(WAIT).untilAsserted(() -> assertThat(a.pump().joins).contains(a.member.clientId(), b.clientId()));

            a.member.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_INFO, "room")
                    .toBuilder().body(jakarta.json.Json.createObjectBuilder().add("countOnly", true).build()).build()));
            await().atMost(WAIT).until(() -> a.member.client().drain().stream().map(ServerFixture::message)
                    .filter(m -> m.type().equals(MessageTypes.INFO))
                    .peek(m -> assertThat(m.body().asJsonObject().getInt("count")).as("both nodes' members").isEqualTo(2))
                    .findAny().isPresent());

            b.client().close();
            await().atMost(WAIT).untilAsserted(() -> assertThat(a.pump().leaves).containsExactly(b.clientId()));
            assertThat(a.perMemberEvents).isZero();
        }
    }

    @Test
    void getInfoCountOnlyAnswersTheCountWithoutTheMemberList() throws Exception {
        fx = new ServerFixture(ChannelServer.builder().options(ServerOptions.builder().maxMembersPerInfo(2).build()));
        ServerFixture.Joined alice = fx.join("big");
        fx.join("big");
        fx.join("big");
        alice.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_INFO, "big").withCorrelationId("c-1")
                .toBuilder().body(jakarta.json.Json.createObjectBuilder().add("countOnly", true).build()).build()));
        Message info = nextOfType(alice.client(), MessageTypes.INFO);
        assertThat(info.correlationId()).isEqualTo("c-1");
        JsonObject body = info.body().asJsonObject();
        assertThat(body.getString("channelId")).isEqualTo("big");
        assertThat(body.getInt("count")).isEqualTo(3);
        assertThat(body).as("no member list, no cursor").doesNotContainKeys("members", "next");

        alice.client().send(EnvelopeCodec.encode(Message.create(MessageTypes.GET_INFO, "big").withCorrelationId("c-2")
                .toBuilder().body(jakarta.json.Json.createObjectBuilder().add("countOnly", "yes").build()).build()));
        ErrorMessage bad = ServerFixture.error(alice.client().next(WAIT));
        assertThat(bad.correlationId()).as("a countOnly that is not a boolean is a bad request").isEqualTo("c-2");
    }
}
