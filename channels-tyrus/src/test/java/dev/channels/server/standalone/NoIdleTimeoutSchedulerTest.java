package dev.channels.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.ChannelServer;
import dev.channels.testkit.RawFrameClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 item 1: on the standalone runner an inbound message no longer wakes a Tyrus scheduler
 * thread. Tyrus schedules a session's idle check on every message it receives, with no delay when the
 * session has no idle timeout (the runner's sessions have none): each message was a hand-off to a
 * thread of the container's scheduler ({@code tyrus-<n>-thread-<m>}, up to ten of them, started one per
 * task until there are ten). With {@link NoIdleTimeoutScheduler} those no-op checks are not scheduled,
 * so fifty echoes start no such thread. The client is a raw socket, not a Tyrus client (whose own
 * scheduler threads have the same names).
 */
class NoIdleTimeoutSchedulerTest {

    private static final Pattern TYRUS_SCHEDULER = Pattern.compile("tyrus-\\d+-thread-\\d+");

    private static Set<String> tyrusSchedulerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> TYRUS_SCHEDULER.matcher(name).matches())
                .collect(Collectors.toSet());
    }

    @Test
    void messagesOfSessionsWithoutAnIdleTimeoutWakeNoSchedulerThread() throws Exception {
        ChannelServer server = ChannelServer.builder()
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .build();
        try (StandaloneServer running = StandaloneServer.start(server, 0);
             RawFrameClient client = RawFrameClient.connect(running.port(), "/ws/idle")) {
            assertThat(client.nextText()).contains("join.success");
            Set<String> before = tyrusSchedulerThreads();
            List<String> frames = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                frames.add(EnvelopeCodec.encode(Message.create("echo", "idle").withRawBody(Integer.toString(i))));
            }
            for (String frame : frames) {
                client.sendText(frame);
                assertThat(client.nextText()).contains("\"echo\"");
            }
            assertThat(tyrusSchedulerThreads()).as("Tyrus scheduler threads started by 50 messages")
                    .isSubsetOf(before);
        } finally {
            server.close();
        }
    }
}
