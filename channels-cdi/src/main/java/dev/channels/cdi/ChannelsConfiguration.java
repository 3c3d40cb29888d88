package dev.channels.cdi;

import dev.channels.api.Handler;
import dev.channels.api.Middleware;
import dev.channels.api.ServerErrorHandler;
import dev.channels.server.ChannelServer;
import dev.channels.server.HandshakeCheck;
import dev.channels.server.RateLimit;
import dev.channels.server.ReadinessCheck;
import dev.channels.server.ServerOptions;
import dev.channels.server.engine.ChannelEngine;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Fired once, synchronously, while the application's channel server is built (at application
 * start): observe it to register handlers and middleware in code, next to the observer methods.
 *
 * <pre>{@code
 * void configure(@Observes ChannelsConfiguration config) {
 *     config.directHandler("time", (ctx, msg) -> Optional.of(msg.newFrom("time").withBody(Instant.now())))
 *           .use(LoggingMiddleware.create())
 *           .options(config.options().withMaxMessageSize(64 * 1024));
 * }
 * }</pre>
 *
 * <p>Middleware order, outermost first: {@code Middleware} beans by {@code @Priority}, then the
 * middleware added here in order, then the interceptors of the observer. A type is handled either by
 * observers or by a handler registered here, never both. The base path configured outside the code
 * ({@code channels.base-path}, see the module's documentation) wins over {@link #options}'s, and so do
 * {@code channels.history-size}, {@code channels.history-ttl} and {@code channels.presence-events}
 * (MicroProfile Config, context parameter or system property) over {@link #history} and
 * {@link #presenceEvents}.
 *
 * <p>Used on the thread that starts the application, during the event only.
 */
public final class ChannelsConfiguration {

    private final ChannelServer.Builder builder;
    private final Set<String> observedTypes;
    private ServerOptions options;

    /** Created by the library around the server's builder; {@code observedTypes} are the types observers handle. */
    public ChannelsConfiguration(ChannelServer.Builder builder, Set<String> observedTypes, ServerOptions options) {
        this.builder = Objects.requireNonNull(builder, "builder");
        this.observedTypes = Set.copyOf(observedTypes);
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The message types that {@link MessageType} observers handle. */
    public Set<String> observedTypes() {
        return observedTypes;
    }

    /** Registers a handler whose reply goes only to the reply's client (by default the sender). */
    public ChannelsConfiguration directHandler(String type, Handler handler) {
        checkFree(type);
        builder.directHandler(type, handler);
        return this;
    }

    /** Registers a handler whose reply goes to every member of the reply's channel, sender included. */
    public ChannelsConfiguration channelHandler(String type, Handler handler) {
        checkFree(type);
        builder.channelHandler(type, handler);
        return this;
    }

    /** Adds middleware around every handler, after the {@code Middleware} beans. */
    public ChannelsConfiguration use(Middleware middleware) {
        builder.use(middleware);
        return this;
    }

    /**
     * Replaces the server error handler (a {@code ServerErrorHandler} bean also does). The default
     * sends no exception text; {@code ServerErrorHandler.WITH_EXCEPTION_TEXT} does, as the seed.
     */
    public ChannelsConfiguration errorHandler(ServerErrorHandler handler) {
        builder.errorHandler(handler);
        return this;
    }

    /** Sets the check that may refuse a connection (a {@code HandshakeCheck} bean also does). */
    public ChannelsConfiguration handshakeCheck(HandshakeCheck check) {
        builder.handshakeCheck(check);
        return this;
    }

    /** Sets each connection's inbound rate limit (default {@link RateLimit#defaults()}). */
    public ChannelsConfiguration rateLimit(RateLimit limit) {
        builder.rateLimit(limit);
        return this;
    }

    /** Whether a type nobody handles gets a {@code "404"} error envelope (default) or, false, silence as in the seed. */
    public ChannelsConfiguration answerUnknownTypes(boolean answer) {
        builder.answerUnknownTypes(answer);
        return this;
    }

    /** Adds a condition the server's readiness (and the MicroProfile Health readiness check) reports on. */
    public ChannelsConfiguration readinessCheck(ReadinessCheck check) {
        builder.readinessCheck(check);
        return this;
    }

    /** The options so far. */
    public ServerOptions options() {
        return options;
    }

    /** Sets the options. */
    public ChannelsConfiguration options(ServerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * Channels keep a stream of their last {@code size} messages for {@code ttl}, so that clients that
     * rejoin get what they missed (docs/protocol.md "Channel streams"); {@code history(0, Duration.ZERO)}: off.
     */
    public ChannelsConfiguration history(int size, Duration ttl) {
        this.options = options.withHistory(size, ttl);
        return this;
    }

    /** Members get {@code presence.joined} / {@code presence.left} when someone joins or leaves. */
    public ChannelsConfiguration presenceEvents(boolean on) {
        this.options = options.withPresenceEvents(on);
        return this;
    }

    /**
     * Sets the engine where channels live (default: in memory, one node); e.g. a cluster engine. The
     * setting {@code channels.engine=redis} (MicroProfile Config or system property, see the package
     * documentation) wins over this.
     */
    public ChannelsConfiguration engine(ChannelEngine engine) {
        builder.engine(engine);
        return this;
    }

    private void checkFree(String type) {
        if (observedTypes.contains(type)) {
            throw new IllegalArgumentException("'" + type + "' is already handled by @MessageType(\"" + type
                    + "\") observers: handle a type either with observers or with a handler registered in code");
        }
    }
}
