package dev.channels.it.modulepath;

import dev.channels.api.ErrorDetail;
import dev.channels.api.Message;
import dev.channels.api.Request;
import dev.channels.client.ChannelClient;
import dev.channels.client.JoinedChannel;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Joins a channel of the demo server and uses both of its handlers, printing one line per result for
 * {@code ModulePathDemoTest} to check; exits with status 0 only if every reply came back as sent.
 *
 * <pre>
 * java -p MODULE_PATH -m dev.channels.it.modulepath/dev.channels.it.modulepath.ModulePathClient ws://localhost:PORT/ws
 * </pre>
 */
public final class ModulePathClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** What the client saw, one line each; the test reads the process's merged output. */
    private static final System.Logger LOG = System.getLogger(ModulePathClient.class.getName());

    private ModulePathClient() {
    }

    /** Runs against the base URI in {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        CompletableFuture<String> chat = new CompletableFuture<>();
        try (ChannelClient client = ChannelClient.builder()
                .listener("chat", (ctx, msg) -> {
                    chat.complete(msg.bind(String.class));
                    return msg.noContent();
                })
                .build()) {
            JoinedChannel joined = client.join(base, "room-1");
            LOG.log(System.Logger.Level.INFO, "module " + ChannelClient.class.getModule().getName() + " from "
                    + ModulePathClient.class.getModule().getName() + ", joined as " + joined.clientId());

            Message echo = client.request(Request.of("room-1", "echo", "ping"), TIMEOUT);
            LOG.log(System.Logger.Level.INFO, "echo: " + echo.bind(String.class));

            // JSON-B (Yasson, found as a service) writes and reads a record of dev.channels.api
            ErrorDetail sent = new ErrorDetail("a title", "a description", "418");
            ErrorDetail back = client.request(Request.of("room-1", "echo", sent), TIMEOUT).bind(ErrorDetail.class);
            LOG.log(System.Logger.Level.INFO, "record: " + back.equals(sent));

            client.publish(Request.of("room-1", "chat", "hello"));
            LOG.log(System.Logger.Level.INFO, "chat: " + chat.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }
}
