package dev.channels.server.metrics;

import dev.channels.server.ChannelServer;
import dev.channels.server.ServerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a {@link ChannelServer}'s state and event counts ({@link ChannelServer#stats()},
 * {@link ChannelServer#readiness()}) to a Micrometer registry:
 * {@code new ChannelServerMetrics(server).bindTo(registry)}. Gauges and function counters read the
 * server when the registry is scraped, so nothing is recorded on the message path.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code channels.server.connections}</td><td>gauge</td><td>joined connections</td></tr>
 *   <tr><td>{@code channels.server.channels}</td><td>gauge</td><td>channels that exist</td></tr>
 *   <tr><td>{@code channels.server.outbound.queued}</td><td>gauge</td><td>frames waiting in all outbound queues</td></tr>
 *   <tr><td>{@code channels.server.outbound.queued.max}</td><td>gauge</td><td>the longest single outbound queue</td></tr>
 *   <tr><td>{@code channels.server.ready}</td><td>gauge</td><td>1 when ready, 0 when not</td></tr>
 *   <tr><td>{@code channels.server.frames.malformed}</td><td>counter</td><td>frames answered {@code "400"}</td></tr>
 *   <tr><td>{@code channels.server.messages.unknown.type}</td><td>counter</td><td>messages of a type with no handler</td></tr>
 *   <tr><td>{@code channels.server.handler.failures}</td><td>counter</td><td>messages whose handler threw</td></tr>
 *   <tr><td>{@code channels.server.messages.rate.limited}</td><td>counter</td><td>messages dropped by the rate limit</td></tr>
 *   <tr><td>{@code channels.server.joins.refused}</td><td>counter</td><td>connections refused before joining (bad channel id, origin, handshake check, limits)</td></tr>
 *   <tr><td>{@code channels.server.disconnects}</td><td>counter, tag {@code reason}: {@code rate.limit}, {@code slow.reader}</td><td>connections the server cut</td></tr>
 * </table>
 *
 * <p>Micrometer is an optional dependency of this library: use this class only when the
 * application has {@code io.micrometer:micrometer-core}.
 *
 * @since 0.1.0
 */
public final class ChannelServerMetrics implements MeterBinder {

    private final ChannelServer server;
    private final Iterable<Tag> tags;

    /** Meters for {@code server}, with no extra tags. */
    public ChannelServerMetrics(ChannelServer server) {
        this(server, Tags.empty());
    }

    /** Meters for {@code server}, each with {@code tags} (e.g. the server's name). */
    public ChannelServerMetrics(ChannelServer server, Iterable<Tag> tags) {
        this.server = Objects.requireNonNull(server, "server");
        this.tags = Objects.requireNonNull(tags, "tags");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "channels.server.connections", "Joined connections", s -> s.connectionCount());
        gauge(registry, "channels.server.channels", "Channels that exist", s -> s.channels().size());
        gauge(registry, "channels.server.outbound.queued", "Frames waiting in all outbound queues",
                s -> s.stats().queuedFrames());
        gauge(registry, "channels.server.outbound.queued.max", "The longest single outbound queue, in frames",
                s -> s.stats().maxQueuedFrames());
        gauge(registry, "channels.server.ready", "1 when the server is ready to serve traffic, 0 when not",
                s -> s.isReady() ? 1 : 0);
        gauge(registry, "channels.server.engine.available",
                "1 while the engine (in memory, or a cluster's Redis) is connected, 0 while it is not",
                s -> s.engine().isAvailable() ? 1 : 0);
        FunctionCounter.builder("channels.server.engine.delivery.stalls", server, s -> s.engine().deliveryStalls())
                .description("Times the engine found its delivery silent (a cluster engine's delivery probe did not "
                        + "come back) and repaired it").tags(tags).register(registry);
        counter(registry, "channels.server.frames.malformed", "Inbound frames that were not a readable envelope",
                Tags.empty(), ServerStats::malformedFrames);
        counter(registry, "channels.server.messages.unknown.type", "Inbound messages of a type with no handler",
                Tags.empty(), ServerStats::unknownTypes);
        counter(registry, "channels.server.handler.failures", "Inbound messages whose handler threw",
                Tags.empty(), ServerStats::handlerFailures);
        counter(registry, "channels.server.messages.rate.limited", "Inbound messages dropped by the rate limit",
                Tags.empty(), ServerStats::rateLimited);
        counter(registry, "channels.server.joins.refused", "Connections refused before they joined",
                Tags.empty(), ServerStats::refusedJoins);
        counter(registry, "channels.server.disconnects", "Connections the server closed because of their behaviour",
                Tags.of("reason", "rate.limit"), ServerStats::rateLimitDisconnects);
        counter(registry, "channels.server.disconnects", "Connections the server closed because of their behaviour",
                Tags.of("reason", "slow.reader"), ServerStats::slowReaderDisconnects);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<ChannelServer> value) {
        Gauge.builder(name, server, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, Tags extra,
                         ToDoubleFunction<ServerStats> count) {
        FunctionCounter.builder(name, server, s -> count.applyAsDouble(s.stats()))
                .description(description).tags(Tags.concat(tags, extra)).register(registry);
    }
}
