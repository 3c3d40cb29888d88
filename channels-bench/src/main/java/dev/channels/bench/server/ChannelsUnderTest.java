package dev.channels.bench.server;

import dev.channels.api.Handler;
import dev.channels.api.Message;
import dev.channels.server.ChannelServer;
import dev.channels.server.ConnectionLimits;
import dev.channels.server.RateLimit;
import dev.channels.server.ServerOptions;
import dev.channels.server.engine.ChannelEngine;
import jakarta.websocket.server.ServerEndpointConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The channels server with the bench's two handlers, written as a user would:
 * <ul>
 *   <li>channel handler {@code fanout}: answers the whole channel with
 *       {@code msg.newFrom("fanout").withBody(msg.body())};</li>
 *   <li>direct handler {@code echo}: answers the sender with {@code msg.newFrom("echo.reply").withBody(msg.body())}.</li>
 * </ul>
 * {@link dev.channels.server.ServerOptions} for throughput (no rate limit, no connection limits, no presence events,
 * no history), base path {@code /ws}, on the in-memory engine; the cluster
 * bench ({@code dev.channels.bench.cluster}) may give it another engine (Redis) and a history size.
 */
final class ChannelsUnderTest implements ServerUnderTest {

    private final ChannelServer server;

    private ChannelsUnderTest(ChannelServer server) {
        this.server = server;
    }

    static ChannelsUnderTest create() {
        return create(null, 0);
    }

    /**
     * @param engine  the engine, or {@code null} for the default in-memory one
     * @param history messages each channel's stream keeps (for 5 minutes); 0: no history (the default)
     */
    static ChannelsUnderTest create(ChannelEngine engine, int history) {
        ChannelServer.Builder builder = ChannelServer.builder();
        if (engine != null) {
            builder.engine(engine);
        }
        // The throughput configuration of issue 23's table: no inbound rate limit (the load driver sends as fast as
        // the server answers, far over the default per-connection limit), no connection limits (the big-room
        // workload puts ~19,000 members in one channel, over the default 5,000 per channel), no history and no
        // presence events (both off by default; the cluster bench asks for history).
        ServerOptions.Builder options = ServerOptions.builder()
                .rateLimit(RateLimit.unlimited())
                .connectionLimits(ConnectionLimits.unlimited())
                .presenceEvents(false);
        if (history > 0) {
            options.historySize(history).historyTtl(Duration.ofMinutes(5));
        }
        return new ChannelsUnderTest(builder
                .options(options.build())
                // neither blocks, and a user who knows it says so (README "Execution model"): on a runner that reads on
                // an event loop they then run on the read thread instead of a worker lane
                .channelHandler("fanout", Handler.nonBlocking((ctx, msg) -> Optional.of(msg.newFrom("fanout").withBody(msg.body()))))
                .directHandler("echo", Handler.nonBlocking((ctx, msg) -> Optional.of(msg.newFrom("echo.reply").withBody(msg.body()))))
                .build());
    }

    @Override
    public List<ServerEndpointConfig> endpoints() {
        return List.of(server.endpointConfig());
    }

    /** {@code ours.channels}, {@code ours.connections}, {@code ours.pendingReplies}. */
    @Override
    public Map<String, Long> registrySizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("ours.channels", (long) server.channels().size());
        sizes.put("ours.connections", (long) server.connectionCount());
        sizes.put("ours.pendingReplies", (long) server.pendingReplies());
        return sizes;
    }

    ChannelServer server() {
        return server;
    }
}
