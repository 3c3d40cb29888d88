package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.server.ChannelServer;
import dev.channels.server.ServerOptions;
import dev.channels.testing.TestRunner;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ChannelClient#history}: pages of a channel's stream from a real server (docs/protocol.md "History query"). */
class ClientHistoryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private ChannelClient clientOf(ServerOptions options, List<Message> received) throws Exception {
        TestRunner.Running running = TestRunner.current().start(ChannelServer.builder()
                .options(options)
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .build(), 0);
        closing.add(running);
        ChannelClient client = ChannelClient.builder().listener("chat", (ctx, msg) -> {
            received.add(msg);
            return msg.noContent();
        }).build();
        closing.add(client);
        client.join(URI.create("ws://localhost:" + running.port() + "/ws"), "room");
        return client;
    }

    @Test
    void pagesForwardToTheTopAndBackwardFromTheNewestEachMessageAsTheMemberReceivedIt() throws Exception {
        List<Message> received = new CopyOnWriteArrayList<>();
        ChannelClient client = clientOf(ServerOptions.builder().historySize(20).historyTtl(Duration.ofMinutes(5)).build(), received);
        for (int i = 1; i <= 7; i++) {
            client.publish(Request.of("room", "chat", "m" + i));
        }
        await().atMost(WAIT).until(() -> received.size() == 7);

        List<Message> forward = new ArrayList<>();
        long since = 0;
        HistoryPage page;
        do {
            page = client.history("room", new HistoryQuery(since, 3, false)).get();
            forward.addAll(page.messages());
            since = HistoryPage.offsetOf(forward.get(forward.size() - 1));
        } while (since < page.top());
        assertThat(page.top()).isEqualTo(7);
        assertThat(page.epoch()).isEqualTo(client.channel("room").orElseThrow().streamEpoch());
        assertThat(forward).extracting(Message::id).containsExactlyElementsOf(received.stream().map(Message::id).toList());
        assertThat(forward).extracting(Message::headers).containsExactlyElementsOf(received.stream().map(Message::headers).toList());
        assertThat(forward.get(0).bind(String.class)).isEqualTo("m1");

        HistoryPage newest = client.history("room", HistoryQuery.latest(2)).get();
        assertThat(newest.messages()).extracting(m -> m.bind(String.class)).containsExactly("m7", "m6");
        HistoryPage older = client.history("room", new HistoryQuery(HistoryPage.offsetOf(newest.messages().get(1)), 10, true)).get();
        assertThat(older.messages()).extracting(HistoryPage::offsetOf).containsExactly(5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void aServerWithoutHistoryFailsTheFutureWith404() throws Exception {
        ChannelClient client = clientOf(ServerOptions.defaults(), new CopyOnWriteArrayList<>());
        assertThatThrownBy(() -> client.history("room", HistoryQuery.since(0)).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ServerErrorReplyException.class).hasMessageContaining("404");
        assertThatThrownBy(() -> client.history("elsewhere", HistoryQuery.since(0)).join())
                .cause().isInstanceOf(NotJoinedException.class);
        assertThatThrownBy(() -> new HistoryQuery(-1, 10, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
