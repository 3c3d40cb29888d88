package dev.channels.server;

import dev.channels.transport.OverflowPolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The catalogue of a {@link ChannelServer}'s settings: each has one definition here, with its
 * {@code channels.*} name, the {@link ServerOptions.Builder} method that sets it in code (channels-cdi's
 * {@code ChannelsConfiguration} has a method of the same name), how its value is written as text
 * (system properties, MicroProfile Config: {@link ServerOptions.Builder#settings}), and its meaning.
 * The README's settings table lists the same rows.
 *
 * <p>Text forms: durations as ISO-8601 ({@code PT5M}) or whole seconds ({@code 300}); booleans
 * {@code true}/{@code false}; enums by name, any case. Immutable.
 *
 * @since 0.1.0
 */
public enum ChannelsSetting {

    /** The endpoint path before {@code /{channelId}}. */
    BASE_PATH("channels.base-path", "basePath", "the endpoint path before /{channelId} (\"\" or \"/\": the root)",
            (b, v) -> b.basePath(normaliseBasePath(v)), ServerOptions::basePath),
    /** Largest inbound message. */
    MAX_MESSAGE_SIZE("channels.max-message-size", "maxMessageSize",
            "largest inbound message in bytes; a bigger one closes the connection with 1009",
            (b, v) -> b.maxMessageSize(parseInt(v)), ServerOptions::maxMessageSize),
    /** Longest channel id. */
    MAX_CHANNEL_ID_LENGTH("channels.max-channel-id-length", "maxChannelIdLength", "longest accepted channel id",
            (b, v) -> b.maxChannelIdLength(parseInt(v)), ServerOptions::maxChannelIdLength),
    /** Heartbeat: how often the server pings. */
    PING_PERIOD("channels.ping-period", "pingPeriod", "how often the server pings each connection; shorter than the pong wait",
            (b, v) -> b.pingPeriod(parseDuration(v)), ServerOptions::pingPeriod),
    /** Heartbeat: how long a pong may take. */
    PONG_WAIT("channels.pong-wait", "pongWait", "a connection that sends no pong for this long is closed",
            (b, v) -> b.pongWait(parseDuration(v)), ServerOptions::pongWait),
    /** How long one frame may take to go out. */
    WRITE_TIMEOUT("channels.write-timeout", "writeTimeout",
            "longest time one outbound frame may take before the connection is closed",
            (b, v) -> b.writeTimeout(parseDuration(v)), ServerOptions::writeTimeout),
    /** Outbound queue bound in frames. */
    MAX_QUEUED_FRAMES("channels.max-queued-frames", "maxQueuedFrames", "bound of each connection's outbound queue, in frames",
            (b, v) -> b.maxQueuedFrames(parseInt(v)), ServerOptions::maxQueuedFrames),
    /** Outbound queue bound in characters. */
    MAX_QUEUED_CHARS("channels.max-queued-chars", "maxQueuedChars", "bound of each connection's outbound queue, in characters",
            (b, v) -> b.maxQueuedChars(parseLong(v)), ServerOptions::maxQueuedChars),
    /** The slow-reader policy. */
    OVERFLOW_POLICY("channels.overflow-policy", "overflowPolicy",
            "a slow reader whose queue is full: DISCONNECT (closed with 1013) or DROP (the new frame is lost)",
            (b, v) -> b.overflowPolicy(OverflowPolicy.valueOf(v.toUpperCase(Locale.ROOT))), ServerOptions::overflowPolicy),
    /** Channel lifetime. */
    CHANNEL_TIMEOUT("channels.channel-timeout", "channelTimeout", "lifetime of a channel from its creation; 0: for ever",
            (b, v) -> b.channelTimeout(parseDuration(v)), o -> text(o.channelTimeout())),
    /** The origin policy. */
    ALLOWED_ORIGINS("channels.allowed-origins", "originPolicy",
            "which web pages may connect: same-origin, *, or a comma-separated list of origins "
                    + "(same-origin,https://app.example.com adds one to the same origin)",
            (b, v) -> b.originPolicy(parseOrigins(v)), o -> originText(o.originPolicy())),
    /** Connections in all. */
    MAX_CONNECTIONS("channels.max-connections", "connectionLimits",
            "most connections at once; one more is closed with 1013",
            (b, v) -> b.connectionLimits(b.connectionLimits.toBuilder().maxConnections(parseInt(v)).build()),
            o -> o.connectionLimits().maxConnections()),
    /** Connections per channel. */
    MAX_CONNECTIONS_PER_CHANNEL("channels.max-connections-per-channel", "connectionLimits",
            "most members of one channel; one more is closed with 1013",
            (b, v) -> b.connectionLimits(b.connectionLimits.toBuilder().maxPerChannel(parseInt(v)).build()),
            o -> o.connectionLimits().maxPerChannel()),
    /** Rate limit: sustained rate. */
    RATE_LIMIT_MESSAGES_PER_SECOND("channels.rate-limit.messages-per-second", "rateLimit",
            "messages (and pings) one connection may send per second, sustained; unlimited: no rate limit",
            ChannelsSetting::applyRate, o -> o.rateLimit().isUnlimited() ? "unlimited" : text(o.rateLimit().messagesPerSecond())),
    /** Rate limit: burst. */
    RATE_LIMIT_BURST("channels.rate-limit.burst", "rateLimit", "messages a quiet connection may send at once",
            (b, v) -> b.rateLimit(b.rateLimit.toBuilder().burst(parseInt(v)).build()), o -> o.rateLimit().burst()),
    /** Rate limit: tolerance. */
    RATE_LIMIT_DISCONNECT_AFTER("channels.rate-limit.disconnect-after", "rateLimit",
            "messages dropped for the rate limit before the connection is closed with 1008",
            (b, v) -> b.rateLimit(b.rateLimit.toBuilder().disconnectAfter(parseInt(v)).build()),
            o -> o.rateLimit().disconnectAfter()),
    /** Stream size. */
    HISTORY_SIZE("channels.history-size", "historySize",
            "messages each channel's stream keeps so that rejoining clients recover what they missed; 0: no streams",
            (b, v) -> b.historySize(parseInt(v)), ServerOptions::historySize),
    /** Stream lifetime. */
    HISTORY_TTL("channels.history-ttl", "historyTtl", "how long each kept message (and an unused stream) lives",
            (b, v) -> b.historyTtl(parseDuration(v)), o -> text(o.historyTtl())),
    /** Presence events. */
    PRESENCE_EVENTS("channels.presence-events", "presenceEvents", "members get presence.joined / presence.left",
            (b, v) -> b.presenceEvents(parseBoolean(v)), ServerOptions::presenceEvents),
    /** Presence events batched per channel. */
    PRESENCE_BATCH_INTERVAL("channels.presence-batch-interval", "presenceBatchInterval",
            "with presence events on: 0 sends presence.joined / presence.left per member; longer batches each channel's "
                    + "joins and leaves into one presence.diff per interval (big rooms)",
            (b, v) -> b.presenceBatchInterval(parseDuration(v)), o -> text(o.presenceBatchInterval())),
    /** Page size of info replies. */
    MAX_MEMBERS_PER_INFO("channels.max-members-per-info", "maxMembersPerInfo",
            "most members one info reply lists; clients page with get.info {\"after\": next}",
            (b, v) -> b.maxMembersPerInfo(parseInt(v)), ServerOptions::maxMembersPerInfo),
    /** The session endpoint. */
    SESSIONS("channels.sessions", "sessionsEnabled",
            "serve sessions at {base}: one connection joins many channels with channel.join (false: 404)",
            (b, v) -> b.sessionsEnabled(parseBoolean(v)), ServerOptions::sessionsEnabled),
    /** Channels per session. */
    MAX_CHANNELS_PER_SESSION("channels.max-channels-per-session", "maxChannelsPerSession",
            "most channels one session is in at once; one more channel.join gets a \"429\" error",
            (b, v) -> b.maxChannelsPerSession(parseInt(v)), ServerOptions::maxChannelsPerSession),
    /** Page size of history replies. */
    MAX_HISTORY_PER_QUERY("channels.max-history-per-query", "maxHistoryPerQuery",
            "most messages one history reply lists; clients page with get.history {\"since\": last offset}",
            (b, v) -> b.maxHistoryPerQuery(parseInt(v)), ServerOptions::maxHistoryPerQuery),
    /** Unknown-type answers. */
    ANSWER_UNKNOWN_TYPES("channels.answer-unknown-types", "answerUnknownTypes",
            "a message of a type nobody handles gets a \"404\" error envelope (false: silence, as the seed)",
            (b, v) -> b.answerUnknownTypes(parseBoolean(v)), ServerOptions::answerUnknownTypes),
    /** Error detail exposure. */
    EXPOSE_EXCEPTION_TEXT("channels.expose-exception-text", "exposeExceptionText",
            "a failed handler's exception text goes to the client (development only; false: only an error id)",
            (b, v) -> b.exposeExceptionText(parseBoolean(v)), ServerOptions::exposeExceptionText),
    /** The engine. */
    ENGINE_URI("channels.engine.uri", "engineUri",
            "where channels live: memory (one node) or an engine URI such as redis://host:6379 (needs channels-redis)",
            (b, v) -> b.engineUri(checkEngineUri(v)), ServerOptions::engineUri),
    /** Drain window. */
    DRAIN_WINDOW("channels.drain-window", "drainWindow",
            "a graceful stop (SIGTERM to a runner, undeploy) closes the node's members with 1012 spread over this long; 0: at once",
            (b, v) -> b.drainWindow(parseDuration(v)), o -> text(o.drainWindow())),
    /** Which threads run blocking handlers on an event-loop runtime. */
    HANDLER_WORKERS("channels.handler-workers", "handlerWorkers",
            "where blocking handlers run when the runtime reads on an event loop (the Tyrus runner with a selector "
                    + "I/O strategy): AUTO (virtual threads on JDK 21+, else PLATFORM), PLATFORM (a pool) or VIRTUAL",
            (b, v) -> b.handlerWorkers(HandlerWorkers.valueOf(v.trim().toUpperCase(Locale.ROOT))), ServerOptions::handlerWorkers),
    /** Size of the platform worker pool. */
    HANDLER_POOL_SIZE("channels.handler-pool-size", "handlerPoolSize",
            "threads of the PLATFORM worker pool that runs blocking handlers on an event-loop runtime",
            (b, v) -> b.handlerPoolSize(parseInt(v)), ServerOptions::handlerPoolSize),
    /** Bound of each connection's worker lane. */
    HANDLER_LANE_CAPACITY("channels.handler-lane-capacity", "handlerLaneCapacity",
            "frames of one connection that may wait behind its blocking work on an event-loop runtime; "
                    + "one more is answered with an error envelope 429 and not handled",
            (b, v) -> b.handlerLaneCapacity(parseInt(v)), ServerOptions::handlerLaneCapacity);

    private final String key;
    private final String builderMethod;
    private final String meaning;
    private final BiConsumer<ServerOptions.Builder, String> apply;
    private final Function<ServerOptions, Object> read;

    ChannelsSetting(String key, String builderMethod, String meaning, BiConsumer<ServerOptions.Builder, String> apply,
                    Function<ServerOptions, Object> read) {
        this.key = key;
        this.builderMethod = builderMethod;
        this.meaning = meaning;
        this.apply = apply;
        this.read = read;
    }

    /** The name in system properties and MicroProfile Config, e.g. {@code channels.base-path}. */
    public String key() {
        return key;
    }

    /** The {@link ServerOptions.Builder} method that sets it in code (and channels-cdi's {@code ChannelsConfiguration}'s). */
    public String builderMethod() {
        return builderMethod;
    }

    /** What it means, in a sentence fragment. */
    public String meaning() {
        return meaning;
    }

    /** Its default, in its text form. */
    public String defaultValue() {
        return valueIn(ServerOptions.defaults());
    }

    /** Its value in {@code options}, in its text form. */
    public String valueIn(ServerOptions options) {
        return String.valueOf(read.apply(options));
    }

    /** Sets this setting on {@code builder} from its text form; the exception names the setting. */
    void apply(ServerOptions.Builder builder, String value) {
        try {
            apply.accept(builder, value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + "=" + value + ": " + Objects.requireNonNullElse(e.getMessage(),
                    e.getClass().getSimpleName()), e);
        }
    }

    /** Leading slash, no trailing slash, {@code ""} for the root: {@code "ws/"} is {@code "/ws"}. */
    static String normaliseBasePath(String path) {
        String p = path.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "";
        }
        return p.startsWith("/") ? p : "/" + p;
    }

    private static void applyRate(ServerOptions.Builder b, String v) {
        if (v.equalsIgnoreCase("unlimited")) {
            b.rateLimit(RateLimit.unlimited());
        } else {
            RateLimit current = b.rateLimit.isUnlimited() ? RateLimit.defaults() : b.rateLimit;
            double rate;
            try {
                rate = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number of messages per second or unlimited", e);
            }
            b.rateLimit(current.toBuilder().messagesPerSecond(rate).build());
        }
    }

    private static String checkEngineUri(String v) {
        dev.channels.server.engine.ChannelEngineFactory.checkUri(v);
        return v;
    }

    private static OriginPolicy parseOrigins(String v) {
        String[] parts = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        if (parts.length == 1 && parts[0].equals("*")) {
            return OriginPolicy.anyOrigin();
        }
        if (parts.length > 0 && parts[0].equalsIgnoreCase("same-origin")) {
            return OriginPolicy.sameOrigin().alsoAllowing(Arrays.copyOfRange(parts, 1, parts.length));
        }
        if (parts.length == 0 || Arrays.asList(parts).contains("*")) {
            throw new IllegalArgumentException("must be same-origin, * or a list of origins like https://app.example.com");
        }
        return OriginPolicy.allowList(parts);
    }

    private static String originText(OriginPolicy p) {
        return p.text();
    }

    private static int parseInt(String v) {
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number", e);
        }
    }

    private static long parseLong(String v) {
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number", e);
        }
    }

    private static boolean parseBoolean(String v) {
        String b = v.toLowerCase(Locale.ROOT);
        if (!b.equals("true") && !b.equals("false")) {
            throw new IllegalArgumentException("must be true or false");
        }
        return Boolean.parseBoolean(b);
    }

    private static Duration parseDuration(String v) {
        try {
            return v.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("must be seconds (300) or an ISO-8601 duration (PT5M)", e);
        }
    }

    private static String text(Duration d) {
        return d.isZero() ? "0" : d.toString();
    }

    private static String text(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
