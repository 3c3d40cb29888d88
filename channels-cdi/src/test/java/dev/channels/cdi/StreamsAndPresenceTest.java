package dev.channels.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ChannelHeaders;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.cdi.lifecycle.ClientJoined;
import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import dev.channels.server.ChannelMember;
import dev.channels.server.Recovery;
import dev.channels.server.ServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams and presence in a CDI application: settings outside the code, recovery in ClientJoined, presence on the injected server. */
class StreamsAndPresenceTest {

    private static final List<ClientJoined> JOINED = new CopyOnWriteArrayList<>();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private ChannelsSe channels;

    private ChannelsSe start(Map<String, String> settings) {
        JOINED.clear();
        settings.forEach(System::setProperty);
        try {
            channels = ChannelsSe.builder().port(0).disableDiscovery().beanClasses(Joins.class, Roster.class).start();
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
        return channels;
    }

    @AfterEach
    void stop() {
        if (channels != null) {
            channels.close();
        }
    }

    @Test
    void history_and_presence_events_come_from_the_settings() {
        start(Map.of("channels.history-size", "50", "channels.history-ttl", "PT1M", "channels.presence-events", "true"));
        ServerOptions options = channels.server().options();
        assertThat(options.historySize()).isEqualTo(50);
        assertThat(options.historyTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.presenceEvents()).isTrue();
    }

    @Test
    void a_setting_that_cannot_be_read_stops_the_start_and_names_itself() {
        assertThatThrownBy(() -> start(Map.of("channels.history-size", "lots")))
                .hasStackTraceContaining("channels.history-size=lots: must be a whole number");
    }

    @Test
    void client_joined_tells_whether_a_recovery_join_recovered() throws Exception {
        start(Map.of("channels.history-size", "10", "channels.history-ttl", "300"));
        try (TestClient anchor = TestClient.join(channels.channelUri("room"))) {
            channels.server().broadcast("room", Message.create("tick").withBody(1));
            Message tick = anchor.nextMessage();
            String epoch = tick.header(ChannelHeaders.CHANNEL_EPOCH).orElseThrow();
            channels.server().broadcast("room", Message.create("tick").withBody(2));
            try (TestClient back = TestClient.join(URI.create(channels.channelUri("room") + "?since=1&epoch=" + epoch));
                 TestClient wrong = TestClient.join(URI.create(channels.channelUri("room") + "?since=1&epoch=other"))) {
                assertThat(back.nextMessage().header(ChannelHeaders.CHANNEL_OFFSET)).contains("2");
                await().atMost(WAIT).until(() -> JOINED.size() == 3);
                assertThat(JOINED).extracting(ClientJoined::clientId)
                        .containsExactly(anchor.clientId(), back.clientId(), wrong.clientId());
                assertThat(JOINED).extracting(ClientJoined::recovery)
                        .containsExactly(Recovery.NOT_REQUESTED, Recovery.RECOVERED, Recovery.NOT_RECOVERED);
                assertThat(JOINED.get(1).recovered()).isTrue();
            }
        }
    }

    @Test
    void the_injected_broadcaster_and_get_info_report_presence() throws Exception {
        start(Map.of("channels.presence-events", "true"));
        Roster roster = channels.container().select(Roster.class).get();
        try (TestClient alice = TestClient.join(channels.channelUri("lobby"));
             TestClient bob = TestClient.join(channels.channelUri("lobby"))) {
            assertThat(roster.members("lobby")).extracting(ChannelMember::clientId)
                    .containsExactly(alice.clientId(), bob.clientId());
            assertThat(alice.nextMessage().type()).isEqualTo(MessageTypes.PRESENCE_JOINED); // alice herself
            assertThat(alice.nextMessage().type()).isEqualTo(MessageTypes.PRESENCE_JOINED); // bob
            alice.send(Message.create(MessageTypes.GET_INFO, "lobby").withCorrelationId("who"));
            Message info = alice.nextMessage();
            assertThat(info.type()).isEqualTo(MessageTypes.INFO);
            assertThat(info.body().asJsonObject().getInt("count")).isEqualTo(2);
        }
    }

    /** Records ClientJoined events. */
    @ApplicationScoped
    public static class Joins {
        void joined(@Observes ClientJoined e) {
            JOINED.add(e);
        }
    }

    /** An ordinary bean with the injected narrow server. */
    @ApplicationScoped
    public static class Roster {
        @Inject
        Broadcaster broadcaster;

        List<ChannelMember> members(String channelId) {
            return broadcaster.presence(channelId);
        }
    }
}
