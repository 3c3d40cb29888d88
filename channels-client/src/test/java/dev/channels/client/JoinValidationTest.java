package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client refuses a join.success that is not for the channel it joined, or has no clientID, and
 * does not let a channel.closed for another channel end its own.
 */
class JoinValidationTest {

    private HostileServer server;
    private ChannelClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ChannelClient client() {
        client = ChannelClient.builder().connectTimeout(Duration.ofSeconds(20)).build();
        return client;
    }

    @Test
    void aJoinSuccessForAnotherChannelFailsTheJoinAndClosesTheConnection() throws Exception {
        server = new HostileServer((session, channel) -> HostileServer.sendQuietly(session, EnvelopeCodec.encode(
                Message.create(MessageTypes.JOIN_SUCCESS, "someone-elses-room").withClientId("c-1"))));

        JoinException e = catchThrowableOfType(JoinException.class, () -> client().join(server.base(), "my-room"));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(JoinException.Reason.PROTOCOL);
        assertThat(e.getMessage()).contains("someone-elses-room").contains("my-room");
        assertThat(server.lastClose.get(20, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1002);
        assertThat(client.channelIds()).isEmpty();
    }

    @Test
    void aJoinSuccessWithoutAClientIdFailsTheJoin() throws Exception {
        server = new HostileServer((session, channel) -> HostileServer.sendQuietly(session, EnvelopeCodec.encode(
                Message.create(MessageTypes.JOIN_SUCCESS, channel))));

        JoinException e = catchThrowableOfType(JoinException.class, () -> client().join(server.base(), "room"));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(JoinException.Reason.PROTOCOL);
        assertThat(e.getMessage()).contains("no clientID");
        assertThat(server.lastClose.get(20, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1002);
    }

    @Test
    void aValidJoinSuccessStillJoins() throws Exception {
        server = new HostileServer((session, channel) -> HostileServer.sendQuietly(session, EnvelopeCodec.encode(
                Message.create(MessageTypes.JOIN_SUCCESS, channel).withClientId("c-9"))));

        JoinedChannel joined = client().join(server.base(), "room");

        assertThat(joined.clientId()).isEqualTo("c-9");
        assertThat(joined.state()).isEqualTo(ChannelState.OPEN);
    }

    @Test
    void aChannelClosedForAnotherChannelDoesNotEndThisOne() throws Exception {
        server = new HostileServer((session, channel) -> HostileServer.sendQuietly(session, EnvelopeCodec.encode(
                Message.create(MessageTypes.JOIN_SUCCESS, channel).withClientId("c-1"))));
        Recorder recorder = new Recorder();
        client = recorder.attach(ChannelClient.builder().connectTimeout(Duration.ofSeconds(20)), "after").build();
        JoinedChannel joined = client.join(server.base(), "room");

        server.send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_CLOSED, "another-room")));
        server.send(EnvelopeCodec.encode(Message.create("after", "room")));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> recorder.ofType("after").size() == 1);
        assertThat(joined.state()).isEqualTo(ChannelState.OPEN);
        assertThat(server.lastClose).isNotDone();

        server.send(EnvelopeCodec.encode(Message.create(MessageTypes.CHANNEL_CLOSED, "room")));
        assertThat(server.lastClose.get(20, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(1000);
    }
}
