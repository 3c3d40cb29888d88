package dev.channels.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Message;
import dev.channels.cdi.demo.ChatRoom;
import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import org.junit.jupiter.api.Test;

/** The CDI demo's handlers, as {@code CdiChatDemo} starts them, answer like the programmatic demo's. */
class CdiChatDemoTest {

    @Test
    void chat_goes_to_the_channel_and_echo_to_the_sender() throws Exception {
        try (ChannelsSe channels = ChannelsSe.builder().port(0).disableDiscovery().beanClasses(ChatRoom.class).start();
             TestClient alice = TestClient.join(channels.channelUri("room-1"));
             TestClient bob = TestClient.join(channels.channelUri("room-1"))) {
            alice.send("chat", "hello room");
            for (TestClient member : new TestClient[] {alice, bob}) {
                Message line = member.nextMessage();
                assertThat(line.type()).isEqualTo("chat");
                assertThat(line.rawBody()).isEqualTo("\"hello room\"");
            }
            bob.send("echo", "just me");
            assertThat(bob.nextMessage().rawBody()).isEqualTo("\"just me\"");
            alice.send("echo", "me too");
            assertThat(alice.nextMessage().rawBody()).as("alice did not get bob's echo").isEqualTo("\"me too\"");
        }
    }
}
