package dev.channels.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.api.ChannelNotFoundException;
import dev.channels.api.Message;
import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import dev.channels.server.ChannelServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The application's server, injected into an ordinary bean, broadcasts, sends and awaits replies. */
class InjectedServerTest {

    private static ChannelsSe channels;
    private static Announcer announcer;

    @BeforeAll
    static void start() {
        channels = ChannelsSe.builder().port(0).disableDiscovery().beanClasses(Announcer.class).start();
        announcer = channels.container().select(Announcer.class).get();
    }

    @AfterAll
    static void stop() {
        channels.close();
    }

    @Test
    void there_is_one_server_and_the_narrow_broadcaster_uses_it() {
        assertThat(announcer.server()).isSameAs(channels.server());
        assertThat(channels.container().select(ChannelServer.class).get()).isSameAs(channels.server());
    }

    @Test
    void an_injected_broadcaster_reaches_every_member_of_a_channel() throws Exception {
        try (TestClient alice = join("news"); TestClient bob = join("news")) {
            assertThat(announcer.announce("news", "extra!")).isEqualTo(2);
            for (TestClient member : new TestClient[] {alice, bob}) {
                Message m = member.nextMessage();
                assertThat(m.type()).isEqualTo("announcement");
                assertThat(m.channelId()).isEqualTo("news");
                assertThat(m.rawBody()).isEqualTo("\"extra!\"");
            }
            assertThat(announcer.announce("nobody-here", "?")).isZero();
        }
    }

    @Test
    void an_injected_broadcaster_sends_to_one_client() throws Exception {
        try (TestClient alice = join("dm"); TestClient bob = join("dm")) {
            assertThat(announcer.whisper(bob.clientId(), "psst")).isTrue();
            assertThat(bob.nextMessage().rawBody()).isEqualTo("\"psst\"");
            alice.send("unhandled", null);
            assertThat(alice.nothingPending()).isTrue();
        }
    }

    @Test
    void the_injected_server_awaits_the_first_reply_with_the_same_correlation_id() throws Exception {
        try (TestClient alice = join("quiz")) {
            CompletableFuture<Message> answer = announcer.ask("quiz", Duration.ofSeconds(30));
            Message question = alice.nextMessage();
            assertThat(question.type()).isEqualTo("question");
            assertThat(question.correlationId()).isNotEmpty();
            alice.send(question.newFrom("answer").withBody(42));
            Message reply = answer.get(30, TimeUnit.SECONDS);
            assertThat(reply.type()).isEqualTo("answer");
            assertThat(reply.clientId()).isEqualTo(alice.clientId());
            assertThat(reply.bind(Integer.class)).isEqualTo(42);
        }
    }

    @Test
    void awaiting_a_channel_without_members_fails_at_once_and_an_unanswered_question_times_out() throws Exception {
        assertThatThrownBy(() -> announcer.ask("empty", Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ChannelNotFoundException.class);
        try (TestClient alice = join("silent")) {
            assertThatThrownBy(() -> announcer.ask("silent", Duration.ofMillis(200)).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
            assertThat(alice.nextMessage().type()).isEqualTo("question");
        }
    }

    private static TestClient join(String channel) throws Exception {
        return TestClient.join(channels.channelUri(channel));
    }

    /** An ordinary bean, like a Jakarta REST resource, that talks to clients through the server. */
    @ApplicationScoped
    public static class Announcer {
        @Inject
        Broadcaster broadcaster;
        @Inject
        ChannelServer server;

        int announce(String channelId, String text) {
            return broadcaster.broadcast(channelId, Message.create("announcement").withBody(text));
        }

        boolean whisper(String clientId, String text) {
            return broadcaster.send(clientId, Message.create("whisper").withBody(text));
        }

        CompletableFuture<Message> ask(String channelId, Duration timeout) {
            return broadcaster.broadcastAwait(channelId, Message.create("question"), timeout);
        }

        ChannelServer server() {
            return server;
        }
    }
}
