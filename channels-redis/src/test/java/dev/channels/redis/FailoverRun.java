package dev.channels.redis;

import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.client.ChannelState;
import dev.channels.client.JoinedChannel;
import dev.channels.client.ReconnectPolicy;
import dev.channels.server.ServerListener;
import dev.channels.server.engine.EngineUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The failover scenario of the Sentinel and Cluster tests and of {@link RedisHaBench}: two server nodes
 * on {@code uri}, Alice on node A and Bob on node B in one channel, a server-side publisher on node A
 * (about 100 messages/s), then kill -9 of the primary that serves the channel, and on until 50 more
 * publishes were accepted after delivery resumed. Clients rejoin by themselves (with recovery). What
 * each member ended with is in the {@link Outcome}s.
 */
final class FailoverRun {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** What one member saw: what it missed of the accepted publishes, its duplicates, whether its epochs' offsets rose. */
    record Outcome(String name, int received, int missing, int duplicated, boolean inOrder, int rejoins,
                   boolean lastRejoinRecovered) {
    }

    /** The figures of one run. */
    record Result(Duration killToFirstCrossNodeDelivery, int accepted, int refused, List<Outcome> members) {
        int lostSilently() {
            return members.stream().filter(m -> m.rejoins() == 0 || m.lastRejoinRecovered()).mapToInt(Outcome::missing).sum();
        }

        int duplicated() {
            return members.stream().mapToInt(Outcome::duplicated).sum();
        }

        @Override
        public String toString() {
            return "kill -9 to first cross-node delivery " + killToFirstCrossNodeDelivery.toMillis() + " ms, " + accepted
                    + " publishes accepted, " + refused + " refused (503), lost silently " + lostSilently()
                    + ", duplicated " + duplicated() + ", members " + members;
        }
    }

    private FailoverRun() {
    }

    static Result run(RedisHa ha, String uri, String channel) throws Exception {
        try (Opened open = new Opened()) {
            ClusterNode a = open.add(ClusterNode.chat(uri, new ServerListener() { }));
            ClusterNode b = open.add(ClusterNode.chat(uri, new ServerListener() { }));
            ChatMember alice = new ChatMember(ReconnectPolicy.forever(Duration.ofMillis(200)));
            open.add(alice.client);
            ChatMember bob = new ChatMember(ReconnectPolicy.forever(Duration.ofMillis(200)));
            open.add(bob.client);
            alice.joined(a, channel);
            bob.joined(b, channel);
            await().atMost(WAIT).until(() -> alice.client.channel(channel).map(c -> c.state() == ChannelState.OPEN).orElse(false)
                    && bob.client.channel(channel).map(c -> c.state() == ChannelState.OPEN).orElse(false));

            List<String> accepted = new CopyOnWriteArrayList<>();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sending = new AtomicInteger(-1); // the index of the publish under way
            CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
                for (int i = 0; !stop.get(); i++) {
                    sending.set(i);
                    try {
                        a.server.broadcast(channel, Message.create("chat").withBody("m" + i));
                        accepted.add("\"m" + i + "\"");
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    } catch (EngineUnavailableException e) {
                        refused.incrementAndGet();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // refused while Redis fails over
                    }
                }
            });
            try {
                await().atMost(WAIT).until(() -> alice.chat.size() >= 20 && bob.chat.size() >= 20);

                ha.killPrimary("channels:stream.{" + channel + "}");
                long killedAt = System.nanoTime();
                int firstAfterKill = sending.get() + 1; // publishes from this one on started after the kill
                // the first publish started after the kill that reaches Bob, on the other node
                await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> bob.bodies().stream()
                        .anyMatch(body -> Integer.parseInt(body.substring(2, body.length() - 1)) >= firstAfterKill));
                Duration toFirst = Duration.ofNanos(System.nanoTime() - killedAt);
                int atResume = accepted.size();
                await().atMost(WAIT).until(() -> accepted.size() >= atResume + 50);
                stop.set(true);
                publisher.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                String last = accepted.get(accepted.size() - 1);
                await().atMost(WAIT).until(() -> alice.bodies().contains(last) && bob.bodies().contains(last));

                List<Outcome> members = new ArrayList<>();
                Map<String, ChatMember> byName = new LinkedHashMap<>();
                byName.put("alice@A", alice);
                byName.put("bob@B", bob);
                byName.forEach((name, m) -> members.add(outcome(name, m, m.client.channel(channel).orElseThrow(), accepted)));
                return new Result(toFirst, accepted.size(), refused.get(), members);
            } finally {
                stop.set(true);
                publisher.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private static Outcome outcome(String name, ChatMember m, JoinedChannel channel, List<String> accepted) {
        List<String> bodies = m.bodies();
        Set<String> got = new HashSet<>(bodies);
        int missing = (int) accepted.stream().filter(s -> !got.contains(s)).count();
        int duplicated = bodies.size() - got.size();
        // within each epoch, offsets rise by one message at a time (never back, never twice)
        boolean inOrder = true;
        Map<String, Long> lastByEpoch = new LinkedHashMap<>();
        for (Message msg : m.chat) {
            String epoch = msg.header(ChannelHeaders.CHANNEL_EPOCH).orElse("");
            long offset = Long.parseLong(msg.header(ChannelHeaders.CHANNEL_OFFSET).orElse("-1"));
            Long before = lastByEpoch.put(epoch, offset);
            if (before != null && offset <= before) {
                inOrder = false;
            }
        }
        return new Outcome(name, bodies.size(), missing, duplicated, inOrder, channel.reconnects(),
                channel.reconnects() > 0 && channel.lastRejoinRecovered());
    }
}
