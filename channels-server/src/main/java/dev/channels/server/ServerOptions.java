package dev.channels.server;

import dev.channels.server.engine.ChannelEngineFactory;
import dev.channels.server.engine.StreamOptions;
import dev.channels.transport.OverflowPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Every setting of a {@link ChannelServer}, each with its default; {@link ChannelsSetting} lists them
 * with their {@code channels.*} names (one definition each). Immutable and thread-safe; built with
 * {@link #builder()} (one method per setting), from {@link #defaults()}, or from another with
 * {@link #toBuilder()}:
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.builder()
 *         .basePath("/chat")
 *         .originPolicy(OriginPolicy.allowList("https://app.example.com"))
 *         .settings(System::getProperty)        // channels.* system properties win over the lines above
 *         .build();
 * ChannelServer server = ChannelServer.builder().options(options).channelHandler(...).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ServerOptions {

    private static final ServerOptions DEFAULTS = new Builder().build();

    private final Duration writeTimeout;
    private final Duration pongWait;
    private final Duration pingPeriod;
    private final int maxMessageSize;
    private final Duration channelTimeout;
    private final String basePath;
    private final int maxChannelIdLength;
    private final int maxQueuedFrames;
    private final long maxQueuedChars;
    private final OverflowPolicy overflowPolicy;
    private final int historySize;
    private final Duration historyTtl;
    private final boolean presenceEvents;
    private final Duration presenceBatchInterval;
    private final OriginPolicy originPolicy;
    private final ConnectionLimits connectionLimits;
    private final RateLimit rateLimit;
    private final int maxMembersPerInfo;
    private final boolean sessionsEnabled;
    private final int maxChannelsPerSession;
    private final int maxHistoryPerQuery;
    private final boolean answerUnknownTypes;
    private final boolean exposeExceptionText;
    private final String engineUri;
    private final Duration drainWindow;
    private final HandlerWorkers handlerWorkers;
    private final int handlerPoolSize;
    private final int handlerLaneCapacity;

    private ServerOptions(Builder b) {
        requirePositive(b.writeTimeout, "writeTimeout");
        requirePositive(b.pongWait, "pongWait");
        requirePositive(b.pingPeriod, "pingPeriod");
        Objects.requireNonNull(b.channelTimeout, "channelTimeout");
        if (b.channelTimeout.isNegative()) {
            throw new IllegalArgumentException("channelTimeout must not be negative");
        }
        if (b.pingPeriod.compareTo(b.pongWait) >= 0) {
            throw new IllegalArgumentException("pingPeriod (" + b.pingPeriod + ") must be shorter than pongWait (" + b.pongWait + ")");
        }
        if (b.maxMessageSize < 1 || b.maxChannelIdLength < 1 || b.maxQueuedFrames < 1 || b.maxQueuedChars < 1
                || b.maxMembersPerInfo < 1 || b.maxChannelsPerSession < 1
                || b.maxHistoryPerQuery < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        Objects.requireNonNull(b.basePath, "basePath");
        if (!b.basePath.isEmpty() && (!b.basePath.startsWith("/") || b.basePath.endsWith("/"))) {
            throw new IllegalArgumentException("basePath must start with '/' and not end with it: " + b.basePath);
        }
        Objects.requireNonNull(b.overflowPolicy, "overflowPolicy");
        if (b.historySize < 0) {
            throw new IllegalArgumentException("historySize must not be negative: " + b.historySize);
        }
        requirePositive(b.historyTtl, "historyTtl");
        if (b.historySize >= b.maxQueuedFrames) {
            throw new IllegalArgumentException("historySize (" + b.historySize + ") must be smaller than maxQueuedFrames ("
                    + b.maxQueuedFrames + "): a recovery replays up to historySize messages through the connection's queue");
        }
        Objects.requireNonNull(b.originPolicy, "originPolicy");
        Objects.requireNonNull(b.connectionLimits, "connectionLimits");
        Objects.requireNonNull(b.rateLimit, "rateLimit");
        Objects.requireNonNull(b.engineUri, "engineUri");
        ChannelEngineFactory.checkUri(b.engineUri);
        Objects.requireNonNull(b.drainWindow, "drainWindow");
        Objects.requireNonNull(b.presenceBatchInterval, "presenceBatchInterval");
        if (b.presenceBatchInterval.isNegative() || b.presenceBatchInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("presenceBatchInterval must be between 0 and 1 minute");
        }
        if (b.drainWindow.isNegative()) {
            throw new IllegalArgumentException("drainWindow must not be negative");
        }
        Objects.requireNonNull(b.handlerWorkers, "handlerWorkers");
        if (b.handlerPoolSize < 1) {
            throw new IllegalArgumentException("handlerPoolSize must be at least 1");
        }
        if (b.handlerLaneCapacity < 1) {
            throw new IllegalArgumentException("handlerLaneCapacity must be at least 1");
        }
        this.writeTimeout = b.writeTimeout;
        this.pongWait = b.pongWait;
        this.pingPeriod = b.pingPeriod;
        this.maxMessageSize = b.maxMessageSize;
        this.channelTimeout = b.channelTimeout;
        this.basePath = b.basePath;
        this.maxChannelIdLength = b.maxChannelIdLength;
        this.maxQueuedFrames = b.maxQueuedFrames;
        this.maxQueuedChars = b.maxQueuedChars;
        this.overflowPolicy = b.overflowPolicy;
        this.historySize = b.historySize;
        this.historyTtl = b.historyTtl;
        this.presenceEvents = b.presenceEvents;
        this.presenceBatchInterval = b.presenceBatchInterval;
        this.originPolicy = b.originPolicy;
        this.connectionLimits = b.connectionLimits;
        this.rateLimit = b.rateLimit;
        this.maxMembersPerInfo = b.maxMembersPerInfo;
        this.sessionsEnabled = b.sessionsEnabled;
        this.maxChannelsPerSession = b.maxChannelsPerSession;
        this.maxHistoryPerQuery = b.maxHistoryPerQuery;
        this.answerUnknownTypes = b.answerUnknownTypes;
        this.exposeExceptionText = b.exposeExceptionText;
        this.engineUri = b.engineUri;
        this.drainWindow = b.drainWindow;
        this.handlerWorkers = b.handlerWorkers;
        this.handlerPoolSize = b.handlerPoolSize;
        this.handlerLaneCapacity = b.handlerLaneCapacity;
    }

    /** Every setting at its default (the table of {@link ChannelsSetting} and the README list them). */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Longest time one frame may take to go out before the connection is closed. */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /** A connection that sends no pong for this long is closed. */
    public Duration pongWait() {
        return pongWait;
    }

    /** How often the server pings each connection; shorter than {@link #pongWait()}. */
    public Duration pingPeriod() {
        return pingPeriod;
    }

    /** Largest inbound frame in bytes; a bigger one closes the connection with 1009. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Lifetime of a channel from its creation; {@link Duration#ZERO} for none. */
    public Duration channelTimeout() {
        return channelTimeout;
    }

    /** The endpoint path before {@code /{channelId}}, e.g. {@code /ws}; {@code ""} for the root. */
    public String basePath() {
        return basePath;
    }

    /** Longest accepted channel id. */
    public int maxChannelIdLength() {
        return maxChannelIdLength;
    }

    /** Bound of each connection's outbound queue, in frames. */
    public int maxQueuedFrames() {
        return maxQueuedFrames;
    }

    /** Bound of each connection's outbound queue, in characters. */
    public long maxQueuedChars() {
        return maxQueuedChars;
    }

    /** What happens to a connection whose outbound queue is full (a slow reader). */
    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /** How many channel messages each channel's stream keeps for recovery; 0: no streams. */
    public int historySize() {
        return historySize;
    }

    /** How long each kept message (and a stream without members) lives; used only when {@link #historySize()} is positive. */
    public Duration historyTtl() {
        return historyTtl;
    }

    /** Whether members get {@code presence.joined} / {@code presence.left}. */
    public boolean presenceEvents() {
        return presenceEvents;
    }

    /**
     * With {@link #presenceEvents()} on: {@link Duration#ZERO} sends {@code presence.joined} /
     * {@code presence.left} per member; longer batches each channel's joins and leaves into one
     * {@code presence.diff} per interval (docs/protocol.md "Presence").
     */
    public Duration presenceBatchInterval() {
        return presenceBatchInterval;
    }

    /** Whether presence events go out batched as {@code presence.diff}: on, with a positive {@link #presenceBatchInterval()}. */
    public boolean presenceBatched() {
        return presenceEvents && !presenceBatchInterval.isZero();
    }

    /** Which web pages may connect. */
    public OriginPolicy originPolicy() {
        return originPolicy;
    }

    /** How many connections are admitted, in all and per channel. */
    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    /**
     * The inbound rate limit of each connection. A runner that reads the frames itself charges a
     * client's pings against it too (the standalone runners do: each ping costs a message).
     */
    public RateLimit rateLimit() {
        return rateLimit;
    }

    /** How many members one {@code info} reply lists at most. */
    public int maxMembersPerInfo() {
        return maxMembersPerInfo;
    }

    /** Whether the session endpoint {@code {base}} (many channels on one connection) is served. */
    public boolean sessionsEnabled() {
        return sessionsEnabled;
    }

    /** How many channels one session may be in at once; one more join is refused with {@code 429}. */
    public int maxChannelsPerSession() {
        return maxChannelsPerSession;
    }

    /** How many messages one {@code history} reply (the answer to {@code get.history}) lists at most. */
    public int maxHistoryPerQuery() {
        return maxHistoryPerQuery;
    }

    /** Whether a message whose type has no handler gets the sender an error envelope {@code "404"}. */
    public boolean answerUnknownTypes() {
        return answerUnknownTypes;
    }

    /**
     * Whether the default error handler sends a failed handler's exception text to the client
     * ({@link dev.channels.api.ServerErrorHandler#WITH_EXCEPTION_TEXT}) instead of only an error id.
     */
    public boolean exposeExceptionText() {
        return exposeExceptionText;
    }

    /**
     * Where channels live when the server's builder is given no engine: {@code memory} (one node) or
     * a URI whose scheme a {@link ChannelEngineFactory} serves ({@code redis://host:6379} with channels-redis).
     */
    public String engineUri() {
        return engineUri;
    }

    /**
     * Over how long a graceful stop ({@link ChannelServer#drainAndClose()}: a runner's shutdown, an
     * application's undeploy) spreads the 1012 closes of the node's members; zero: all at once.
     */
    public Duration drainWindow() {
        return drainWindow;
    }

    /**
     * {@code channels.handler-workers}: which threads run blocking handlers (and other work that may block)
     * when the runtime reads frames on an event loop ({@link ReadThread#EVENT_LOOP}).
     */
    public HandlerWorkers handlerWorkers() {
        return handlerWorkers;
    }

    /** {@code channels.handler-pool-size}: threads of the {@link HandlerWorkers#PLATFORM} worker pool. */
    public int handlerPoolSize() {
        return handlerPoolSize;
    }

    /** {@code channels.handler-lane-capacity}: frames of one connection that may wait in its worker lane. */
    public int handlerLaneCapacity() {
        return handlerLaneCapacity;
    }

    /** Whether channels expire. */
    public boolean channelsExpire() {
        return !channelTimeout.isZero();
    }

    /** The stream options for the engine ({@link StreamOptions#OFF} without history). */
    public StreamOptions streamOptions() {
        return historySize == 0 ? StreamOptions.OFF : StreamOptions.of(historySize, historyTtl);
    }

    /** Whether channels keep a stream. */
    public boolean historyEnabled() {
        return historySize > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerOptions other && describe(false).equals(other.describe(false));
    }

    @Override
    public int hashCode() {
        return describe(false).hashCode();
    }

    /** Every setting as {@code channels.*=value}, in the order of {@link ChannelsSetting}; a password in the engine URI as {@code ***}. */
    @Override
    public String toString() {
        return describe(true);
    }

    private String describe(boolean hidePasswords) {
        StringBuilder s = new StringBuilder("ServerOptions[");
        for (ChannelsSetting setting : ChannelsSetting.values()) {
            if (setting.ordinal() > 0) {
                s.append(", ");
            }
            String value = setting.valueIn(this);
            s.append(setting.key()).append('=').append(hidePasswords ? value.replaceAll("//[^@/]*@", "//***@") : value);
        }
        return s.append(']').toString();
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /**
     * Builds {@link ServerOptions}: one method per setting (named as in {@link ChannelsSetting}), each
     * starting at its default. Values are checked together by {@link #build()}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        Duration writeTimeout = Duration.ofSeconds(60);
        Duration pongWait = Duration.ofSeconds(60);
        Duration pingPeriod = Duration.ofSeconds(54);
        int maxMessageSize = 64 * 1024;
        Duration channelTimeout = Duration.ZERO;
        String basePath = "/ws";
        int maxChannelIdLength = 128;
        int maxQueuedFrames = 1024;
        long maxQueuedChars = 4L * 1024 * 1024;
        OverflowPolicy overflowPolicy = OverflowPolicy.DISCONNECT;
        int historySize;
        Duration historyTtl = Duration.ofMinutes(5);
        boolean presenceEvents;
        Duration presenceBatchInterval = Duration.ZERO;
        OriginPolicy originPolicy = OriginPolicy.sameOrigin();
        ConnectionLimits connectionLimits = ConnectionLimits.defaults();
        RateLimit rateLimit = RateLimit.defaults();
        int maxMembersPerInfo = 100;
        boolean sessionsEnabled = true;
        int maxChannelsPerSession = 100;
        int maxHistoryPerQuery = 100;
        boolean answerUnknownTypes = true;
        boolean exposeExceptionText;
        String engineUri = ChannelEngineFactory.MEMORY;
        Duration drainWindow = Duration.ofSeconds(10);
        HandlerWorkers handlerWorkers = HandlerWorkers.AUTO;
        int handlerPoolSize = 64;
        int handlerLaneCapacity = 128;

        private Builder() {
        }

        private Builder(ServerOptions o) {
            writeTimeout = o.writeTimeout;
            pongWait = o.pongWait;
            pingPeriod = o.pingPeriod;
            maxMessageSize = o.maxMessageSize;
            channelTimeout = o.channelTimeout;
            basePath = o.basePath;
            maxChannelIdLength = o.maxChannelIdLength;
            maxQueuedFrames = o.maxQueuedFrames;
            maxQueuedChars = o.maxQueuedChars;
            overflowPolicy = o.overflowPolicy;
            historySize = o.historySize;
            historyTtl = o.historyTtl;
            presenceEvents = o.presenceEvents;
            presenceBatchInterval = o.presenceBatchInterval;
            originPolicy = o.originPolicy;
            connectionLimits = o.connectionLimits;
            rateLimit = o.rateLimit;
            maxMembersPerInfo = o.maxMembersPerInfo;
            sessionsEnabled = o.sessionsEnabled;
            maxChannelsPerSession = o.maxChannelsPerSession;
            maxHistoryPerQuery = o.maxHistoryPerQuery;
            answerUnknownTypes = o.answerUnknownTypes;
            exposeExceptionText = o.exposeExceptionText;
            engineUri = o.engineUri;
            drainWindow = o.drainWindow;
            handlerWorkers = o.handlerWorkers;
            handlerPoolSize = o.handlerPoolSize;
            handlerLaneCapacity = o.handlerLaneCapacity;
        }

        /** {@code channels.base-path}: the endpoint path before {@code /{channelId}} (default {@code /ws}; {@code ""}: the root). */
        public Builder basePath(String path) {
            this.basePath = Objects.requireNonNull(path, "basePath");
            return this;
        }

        /** {@code channels.max-message-size}: largest inbound message in bytes (default 65,536); bigger closes with 1009. */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /** {@code channels.max-channel-id-length}: longest accepted channel id (default 128). */
        public Builder maxChannelIdLength(int chars) {
            this.maxChannelIdLength = chars;
            return this;
        }

        /** {@code channels.ping-period}: how often each connection is pinged (default 54 s); shorter than the pong wait. */
        public Builder pingPeriod(Duration period) {
            this.pingPeriod = Objects.requireNonNull(period, "pingPeriod");
            return this;
        }

        /** {@code channels.pong-wait}: a connection that sends no pong for this long is closed (default 60 s). */
        public Builder pongWait(Duration wait) {
            this.pongWait = Objects.requireNonNull(wait, "pongWait");
            return this;
        }

        /** {@code channels.write-timeout}: longest time one frame may take to go out (default 60 s). */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = Objects.requireNonNull(timeout, "writeTimeout");
            return this;
        }

        /** {@code channels.max-queued-frames}: bound of each connection's outbound queue in frames (default 1,024). */
        public Builder maxQueuedFrames(int frames) {
            this.maxQueuedFrames = frames;
            return this;
        }

        /** {@code channels.max-queued-chars}: bound of each connection's outbound queue in characters (default 4 Mi). */
        public Builder maxQueuedChars(long chars) {
            this.maxQueuedChars = chars;
            return this;
        }

        /** {@code channels.overflow-policy}: what happens to a slow reader whose queue is full (default {@code DISCONNECT}). */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "overflowPolicy");
            return this;
        }

        /** {@code channels.channel-timeout}: lifetime of a channel from its creation (default {@link Duration#ZERO}: none). */
        public Builder channelTimeout(Duration timeout) {
            this.channelTimeout = Objects.requireNonNull(timeout, "channelTimeout");
            return this;
        }

        /** {@code channels.allowed-origins}: which web pages may connect (default {@link OriginPolicy#sameOrigin()}). */
        public Builder originPolicy(OriginPolicy policy) {
            this.originPolicy = Objects.requireNonNull(policy, "originPolicy");
            return this;
        }

        /**
         * {@code channels.max-connections}, {@code channels.max-connections-per-channel}: how many
         * connections are admitted (default {@link ConnectionLimits#defaults()}).
         */
        public Builder connectionLimits(ConnectionLimits limits) {
            this.connectionLimits = Objects.requireNonNull(limits, "connectionLimits");
            return this;
        }

        /**
         * {@code channels.rate-limit.*}: each connection's inbound rate limit ({@link RateLimit#defaults()}:
         * 100 messages/s, bursts of 200; {@link RateLimit#unlimited()} for none).
         */
        public Builder rateLimit(RateLimit limit) {
            this.rateLimit = Objects.requireNonNull(limit, "rateLimit");
            return this;
        }

        /**
         * {@code channels.history-size}: channels keep a stream of their last {@code size} messages, so
         * that clients that rejoin get what they missed (docs/protocol.md "Channel streams"); default 0,
         * no streams. Smaller than {@link #maxQueuedFrames}, since a replay goes through that queue.
         */
        public Builder historySize(int size) {
            this.historySize = size;
            return this;
        }

        /** {@code channels.history-ttl}: how long each kept message (and a stream without members) lives (default 5 min). */
        public Builder historyTtl(Duration ttl) {
            this.historyTtl = Objects.requireNonNull(ttl, "historyTtl");
            return this;
        }

        /** {@code channels.presence-events}: whether members get {@code presence.joined} / {@code presence.left} (default false). */
        public Builder presenceEvents(boolean on) {
            this.presenceEvents = on;
            return this;
        }

        /**
         * {@code channels.presence-batch-interval}: with {@link #presenceEvents} on, {@link Duration#ZERO}
         * (the default) sends {@code presence.joined} / {@code presence.left} to every member per join and
         * leave, so a channel filling up with N members costs O(N&sup2;) frames; a positive interval (at
         * most a minute; 200 ms to 1 s suit most rooms) batches each channel's joins and leaves into one
         * {@code presence.diff} {@code {"channelId","joins":[...],"leaves":[...]}} per interval and node
         * (docs/protocol.md "Presence"). Without presence events it changes nothing.
         *
         * @since 0.1.0
         */
        public Builder presenceBatchInterval(Duration interval) {
            this.presenceBatchInterval = Objects.requireNonNull(interval, "presenceBatchInterval");
            return this;
        }

        /**
         * {@code channels.max-members-per-info}: how many members one {@code info} reply lists at most
         * (default 100); a client pages through a larger channel with {@code get.info} {@code {"after": next}}.
         */
        public Builder maxMembersPerInfo(int max) {
            this.maxMembersPerInfo = max;
            return this;
        }

        /**
         * {@code channels.sessions}: whether the server serves sessions at {@code {base}} (default
         * true): one connection joins and leaves many channels with {@code channel.join} /
         * {@code channel.leave} (docs/protocol.md "Sessions"). Off, {@code {base}} is not registered
         * (404) and clients fall back to one connection per channel.
         */
        public Builder sessionsEnabled(boolean on) {
            this.sessionsEnabled = on;
            return this;
        }

        /**
         * {@code channels.max-channels-per-session}: how many channels one session may be in at once
         * (default 100); a join beyond it gets an error envelope {@code 429}.
         */
        public Builder maxChannelsPerSession(int max) {
            this.maxChannelsPerSession = max;
            return this;
        }

        /**
         * {@code channels.max-history-per-query}: how many messages one {@code history} reply lists at
         * most, whatever {@code limit} the {@code get.history} asks (default 100); a client pages through
         * a longer history with {@code since} (docs/protocol.md "History query").
         */
        public Builder maxHistoryPerQuery(int max) {
            this.maxHistoryPerQuery = max;
            return this;
        }

        /**
         * {@code channels.answer-unknown-types}: whether a message whose type has no handler gets an
         * error envelope {@code "404"} (default true; false restores the seed's silence).
         */
        public Builder answerUnknownTypes(boolean answer) {
            this.answerUnknownTypes = answer;
            return this;
        }

        /**
         * {@code channels.expose-exception-text}: whether the default error handler sends a failed
         * handler's exception text to the client, as the seed does (default false: only an error id,
         * the log has the rest). For development; an error handler given to the server's builder wins.
         */
        public Builder exposeExceptionText(boolean expose) {
            this.exposeExceptionText = expose;
            return this;
        }

        /**
         * {@code channels.engine.uri}: where channels live when the server's builder is given no engine:
         * {@code memory} (default, one node) or a URI a {@link ChannelEngineFactory} serves, e.g.
         * {@code redis://host:6379} with channels-redis.
         */
        public Builder engineUri(String uri) {
            this.engineUri = Objects.requireNonNull(uri, "engineUri").trim();
            return this;
        }

        /**
         * {@code channels.drain-window}: over how long a graceful stop spreads the 1012 closes of this node's
         * members, so that they reconnect to other nodes gradually (default 10 s; zero: all at once).
         */
        public Builder drainWindow(Duration window) {
            this.drainWindow = Objects.requireNonNull(window, "drainWindow");
            return this;
        }

        /**
         * {@code channels.handler-workers}: where blocking handlers run when the runtime reads frames on an
         * event loop (default {@link HandlerWorkers#AUTO}: virtual threads on JDK 21+, else a pool).
         */
        public Builder handlerWorkers(HandlerWorkers workers) {
            this.handlerWorkers = Objects.requireNonNull(workers, "handlerWorkers");
            return this;
        }

        /** {@code channels.handler-pool-size}: threads of the {@link HandlerWorkers#PLATFORM} pool (default 64). */
        public Builder handlerPoolSize(int threads) {
            this.handlerPoolSize = threads;
            return this;
        }

        /**
         * {@code channels.handler-lane-capacity}: frames of one connection that may wait behind its blocking
         * work on an event-loop runtime (default 128); one more gets an error envelope {@code "429"}.
         */
        public Builder handlerLaneCapacity(int frames) {
            this.handlerLaneCapacity = frames;
            return this;
        }

        /**
         * Applies the settings that {@code values} has, by their {@code channels.*} names
         * ({@link ChannelsSetting}); a name it maps to {@code null} or blank keeps the value so far.
         * {@code settings(System::getProperty)} reads system properties; channels-cdi passes
         * MicroProfile Config. Settings applied after others win over them.
         *
         * @throws IllegalArgumentException when a value cannot be read (the message names the setting)
         */
        public Builder settings(Function<String, String> values) {
            Objects.requireNonNull(values, "values");
            for (ChannelsSetting setting : ChannelsSetting.values()) {
                String value = values.apply(setting.key());
                if (value != null && !value.isBlank()) {
                    setting.apply(this, value.trim());
                }
            }
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException when a value is out of range or two disagree (e.g. the ping
         *         period is not shorter than the pong wait)
         */
        public ServerOptions build() {
            return new ServerOptions(this);
        }
    }
}
