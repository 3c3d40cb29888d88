package dev.channels.cdi;

import dev.channels.api.Handler;
import dev.channels.api.Middleware;
import dev.channels.api.ServerErrorHandler;
import dev.channels.server.ChannelAuthorizer;
import dev.channels.server.ChannelServer;
import dev.channels.server.ChannelTracing;
import dev.channels.server.ChannelsSetting;
import dev.channels.server.ConnectionLimits;
import dev.channels.server.HandshakeCheck;
import dev.channels.server.OriginPolicy;
import dev.channels.server.RateLimit;
import dev.channels.server.ReadinessCheck;
import dev.channels.server.ServerOptions;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.transport.OverflowPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Fired once, synchronously, while the application's channel server is built (at application
 * start): observe it to register handlers and middleware in code, next to the observer methods,
 * and to set any of the server's settings.
 *
 * <pre>{@code
 * void configure(@Observes ChannelsConfiguration config) {
 *     config.directHandler("time", (ctx, msg) -> Optional.of(msg.newFrom("time").withBody(Instant.now())))
 *           .use(LoggingMiddleware.create())
 *           .originPolicy(OriginPolicy.allowList("https://app.example.com"))   // a front end served elsewhere
 *           .rateLimit(RateLimit.builder().messagesPerSecond(20).burst(40).build());
 * }
 * }</pre>
 *
 * <p>Settings: one method per setting, named as {@link ServerOptions.Builder}'s ({@link ChannelsSetting}
 * lists them with their {@code channels.*} names). A setting configured outside the code (MicroProfile
 * Config, else system property, under its {@code channels.*} name; for the base path also the web
 * application's context parameter) wins over the value set here.
 *
 * <p>Middleware order, outermost first: {@code Middleware} beans by {@code @Priority}, then the
 * middleware added here in order, then the interceptors of the observer. A type is handled either by
 * observers or by a handler registered here, never both.
 *
 * <p>Used on the thread that starts the application, during the event only.
 *
 * @since 0.1.0
 */
public final class ChannelsConfiguration {

    private final ChannelServer.Builder builder;
    private final Set<String> observedTypes;
    private final ServerOptions.Builder options;
    private ChannelAuthorizer authorizer;

    /**
     * Created by the library around the server's builder and its settings' builder; {@code observedTypes}
     * are the types observers handle.
     */
    public ChannelsConfiguration(ChannelServer.Builder builder, Set<String> observedTypes, ServerOptions.Builder options) {
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

    /** Registers an async (non-blocking) handler whose reply goes only to the reply's client; see {@link ChannelServer.Builder#asyncDirectHandler}. */
    public ChannelsConfiguration asyncDirectHandler(String type, dev.channels.api.AsyncHandler handler) {
        checkFree(type);
        builder.asyncDirectHandler(type, handler);
        return this;
    }

    /** Registers an async (non-blocking) handler whose reply goes to the whole channel; see {@link ChannelServer.Builder#asyncChannelHandler}. */
    public ChannelsConfiguration asyncChannelHandler(String type, dev.channels.api.AsyncHandler handler) {
        checkFree(type);
        builder.asyncChannelHandler(type, handler);
        return this;
    }

    /** Adds middleware around every handler, after the {@code Middleware} beans. */
    public ChannelsConfiguration use(Middleware middleware) {
        builder.use(middleware);
        return this;
    }

    /**
     * Replaces the server error handler (a {@code ServerErrorHandler} bean also does). Without one, the
     * exception text reaches clients only with {@link #exposeExceptionText(boolean)}.
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

    /**
     * Sets who may do what in which channel (wins over a {@code ChannelAuthorizer} bean); the
     * {@code @RolesAllowed} of observer methods apply on top of it.
     */
    public ChannelsConfiguration authorizer(ChannelAuthorizer authorizer) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        return this;
    }

    /** The authorizer set with {@link #authorizer(ChannelAuthorizer)}, if any (read by the library after the event). */
    public java.util.Optional<ChannelAuthorizer> authorizer() {
        return java.util.Optional.ofNullable(authorizer);
    }

    /** Adds a condition the server's readiness (and the MicroProfile Health readiness check) reports on. */
    public ChannelsConfiguration readinessCheck(ReadinessCheck check) {
        builder.readinessCheck(check);
        return this;
    }

    /**
     * Sets the engine where channels live (default: the one {@code channels.engine.uri} names, in memory
     * unless set), e.g. a cluster engine built in code. A non-memory {@code channels.engine.uri} wins over it.
     */
    public ChannelsConfiguration engine(ChannelEngine engine) {
        builder.engine(engine);
        return this;
    }

    /**
     * Sets how the server traces (default: with the application's {@code OpenTelemetry} bean, as
     * MicroProfile Telemetry provides it, else {@link ChannelTracing#global()}); e.g.
     * {@link ChannelTracing#off()}.
     */
    public ChannelsConfiguration tracing(ChannelTracing tracing) {
        builder.tracing(tracing);
        return this;
    }

    // ---------------------------------------------------------------- settings (ChannelsSetting)

    /** {@code channels.base-path}; see {@link ServerOptions.Builder#basePath}. */
    public ChannelsConfiguration basePath(String path) {
        options.basePath(path);
        return this;
    }

    /** {@code channels.max-message-size}; see {@link ServerOptions.Builder#maxMessageSize}. */
    public ChannelsConfiguration maxMessageSize(int bytes) {
        options.maxMessageSize(bytes);
        return this;
    }

    /** {@code channels.max-channel-id-length}; see {@link ServerOptions.Builder#maxChannelIdLength}. */
    public ChannelsConfiguration maxChannelIdLength(int chars) {
        options.maxChannelIdLength(chars);
        return this;
    }

    /** {@code channels.ping-period}; see {@link ServerOptions.Builder#pingPeriod}. */
    public ChannelsConfiguration pingPeriod(Duration period) {
        options.pingPeriod(period);
        return this;
    }

    /** {@code channels.pong-wait}; see {@link ServerOptions.Builder#pongWait}. */
    public ChannelsConfiguration pongWait(Duration wait) {
        options.pongWait(wait);
        return this;
    }

    /** {@code channels.write-timeout}; see {@link ServerOptions.Builder#writeTimeout}. */
    public ChannelsConfiguration writeTimeout(Duration timeout) {
        options.writeTimeout(timeout);
        return this;
    }

    /** {@code channels.max-queued-frames}; see {@link ServerOptions.Builder#maxQueuedFrames}. */
    public ChannelsConfiguration maxQueuedFrames(int frames) {
        options.maxQueuedFrames(frames);
        return this;
    }

    /** {@code channels.max-queued-chars}; see {@link ServerOptions.Builder#maxQueuedChars}. */
    public ChannelsConfiguration maxQueuedChars(long chars) {
        options.maxQueuedChars(chars);
        return this;
    }

    /** {@code channels.overflow-policy}; see {@link ServerOptions.Builder#overflowPolicy}. */
    public ChannelsConfiguration overflowPolicy(OverflowPolicy policy) {
        options.overflowPolicy(policy);
        return this;
    }

    /** {@code channels.channel-timeout}; see {@link ServerOptions.Builder#channelTimeout}. */
    public ChannelsConfiguration channelTimeout(Duration timeout) {
        options.channelTimeout(timeout);
        return this;
    }

    /** {@code channels.allowed-origins}: which web pages may connect; see {@link ServerOptions.Builder#originPolicy}. */
    public ChannelsConfiguration originPolicy(OriginPolicy policy) {
        options.originPolicy(policy);
        return this;
    }

    /** {@code channels.max-connections[-per-channel]}; see {@link ServerOptions.Builder#connectionLimits}. */
    public ChannelsConfiguration connectionLimits(ConnectionLimits limits) {
        options.connectionLimits(limits);
        return this;
    }

    /** {@code channels.rate-limit.*}: each connection's inbound rate limit; see {@link ServerOptions.Builder#rateLimit}. */
    public ChannelsConfiguration rateLimit(RateLimit limit) {
        options.rateLimit(limit);
        return this;
    }

    /** {@code channels.history-size}; see {@link ServerOptions.Builder#historySize}. */
    public ChannelsConfiguration historySize(int size) {
        options.historySize(size);
        return this;
    }

    /** {@code channels.history-ttl}; see {@link ServerOptions.Builder#historyTtl}. */
    public ChannelsConfiguration historyTtl(Duration ttl) {
        options.historyTtl(ttl);
        return this;
    }

    /** {@code channels.presence-events}; see {@link ServerOptions.Builder#presenceEvents}. */
    public ChannelsConfiguration presenceEvents(boolean on) {
        options.presenceEvents(on);
        return this;
    }

    /** {@code channels.presence-batch-interval}; see {@link ServerOptions.Builder#presenceBatchInterval}. */
    public ChannelsConfiguration presenceBatchInterval(Duration interval) {
        options.presenceBatchInterval(interval);
        return this;
    }

    /** {@code channels.max-members-per-info}; see {@link ServerOptions.Builder#maxMembersPerInfo}. */
    public ChannelsConfiguration maxMembersPerInfo(int max) {
        options.maxMembersPerInfo(max);
        return this;
    }

    /** {@code channels.sessions}; see {@link ServerOptions.Builder#sessionsEnabled}. */
    public ChannelsConfiguration sessionsEnabled(boolean on) {
        options.sessionsEnabled(on);
        return this;
    }

    /** {@code channels.max-channels-per-session}; see {@link ServerOptions.Builder#maxChannelsPerSession}. */
    public ChannelsConfiguration maxChannelsPerSession(int max) {
        options.maxChannelsPerSession(max);
        return this;
    }

    /** {@code channels.max-history-per-query}; see {@link ServerOptions.Builder#maxHistoryPerQuery}. */
    public ChannelsConfiguration maxHistoryPerQuery(int max) {
        options.maxHistoryPerQuery(max);
        return this;
    }

    /** {@code channels.answer-unknown-types}; see {@link ServerOptions.Builder#answerUnknownTypes}. */
    public ChannelsConfiguration answerUnknownTypes(boolean answer) {
        options.answerUnknownTypes(answer);
        return this;
    }

    /** {@code channels.expose-exception-text}; see {@link ServerOptions.Builder#exposeExceptionText}. */
    public ChannelsConfiguration exposeExceptionText(boolean expose) {
        options.exposeExceptionText(expose);
        return this;
    }

    /** {@code channels.engine.uri}; see {@link ServerOptions.Builder#engineUri}. */
    public ChannelsConfiguration engineUri(String uri) {
        options.engineUri(uri);
        return this;
    }

    /** {@code channels.drain-window}; see {@link ServerOptions.Builder#drainWindow}. */
    public ChannelsConfiguration drainWindow(java.time.Duration window) {
        options.drainWindow(window);
        return this;
    }

    /** {@code channels.handler-workers}; see {@link ServerOptions.Builder#handlerWorkers}. */
    public ChannelsConfiguration handlerWorkers(dev.channels.server.HandlerWorkers workers) {
        options.handlerWorkers(workers);
        return this;
    }

    /** {@code channels.handler-pool-size}; see {@link ServerOptions.Builder#handlerPoolSize}. */
    public ChannelsConfiguration handlerPoolSize(int threads) {
        options.handlerPoolSize(threads);
        return this;
    }

    /** {@code channels.handler-lane-capacity}; see {@link ServerOptions.Builder#handlerLaneCapacity}. */
    public ChannelsConfiguration handlerLaneCapacity(int frames) {
        options.handlerLaneCapacity(frames);
        return this;
    }

        private void checkFree(String type) {
        if (observedTypes.contains(type)) {
            throw new IllegalArgumentException("'" + type + "' is already handled by @MessageType(\"" + type
                    + "\") observers: handle a type either with observers or with a handler registered in code");
        }
    }
}
