package dev.channels.cdi.internal;

import dev.channels.server.ServerOptions;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The settings read outside the code, each from the first place that has it: MicroProfile Config
 * (when its API is on the class path: read reflectively, no dependency), the web application's
 * context parameter (in a container), the system property. Names:
 * <ul>
 *   <li>{@code channels.base-path}: the path before {@code /{channelId}} ({@link BasePathSetting})</li>
 *   <li>{@code channels.history-size}: messages each channel's stream keeps for recovery (0: off)</li>
 *   <li>{@code channels.history-ttl}: how long they are kept: ISO-8601 ({@code PT5M}) or seconds ({@code 300})</li>
 *   <li>{@code channels.presence-events}: {@code true} to send {@code presence.joined}/{@code presence.left}</li>
 * </ul>
 * A value that cannot be read fails the application's start with a message that names the setting.
 */
public final class ChannelsSettings {

    /** Setting names. */
    public static final String HISTORY_SIZE = "channels.history-size";
    /** Setting names. */
    public static final String HISTORY_TTL = "channels.history-ttl";
    /** Setting names. */
    public static final String PRESENCE_EVENTS = "channels.presence-events";

    private static final System.Logger LOG = System.getLogger(ChannelsSettings.class.getName());

    private ChannelsSettings() {
    }

    /** The value of {@code key} from the first source that has it. */
    public static Optional<String> lookup(String key, UnaryOperator<String> contextParameters) {
        return fromMicroProfileConfig(key)
                .or(() -> Optional.ofNullable(contextParameters.apply(key)))
                .or(() -> Optional.ofNullable(System.getProperty(key)))
                .map(String::trim);
    }

    /** {@code options} with the stream and presence settings that are configured outside the code applied. */
    public static ServerOptions apply(ServerOptions options, UnaryOperator<String> contextParameters) {
        ServerOptions result = options;
        Optional<String> size = lookup(HISTORY_SIZE, contextParameters);
        Optional<String> ttl = lookup(HISTORY_TTL, contextParameters);
        if (size.isPresent() || ttl.isPresent()) {
            int n = size.map(v -> parseInt(HISTORY_SIZE, v)).orElse(result.historySize() > 0 ? result.historySize() : 100);
            Duration d = ttl.map(v -> parseDuration(HISTORY_TTL, v))
                    .orElse(result.historyTtl().isZero() ? Duration.ofMinutes(5) : result.historyTtl());
            try {
                result = n == 0 ? result.withHistory(0, Duration.ZERO) : result.withHistory(n, d);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(HISTORY_SIZE + "=" + n + ", " + HISTORY_TTL + "=" + d + ": " + e.getMessage(), e);
            }
        }
        Optional<String> events = lookup(PRESENCE_EVENTS, contextParameters);
        if (events.isPresent()) {
            String v = events.get().toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalStateException(PRESENCE_EVENTS + " must be true or false, not '" + events.get() + "'");
            }
            result = result.withPresenceEvents(Boolean.parseBoolean(v));
        }
        return result;
    }

    private static int parseInt(String key, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + " must be a number of messages (0 or more), not '" + value + "'", e);
        }
    }

    private static Duration parseDuration(String key, String value) {
        try {
            return value.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalStateException(key + " must be seconds (300) or an ISO-8601 duration (PT5M), not '" + value + "'", e);
        }
    }

    static Optional<String> fromMicroProfileConfig(String key) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider", false,
                    loader != null ? loader : ChannelsSettings.class.getClassLoader());
            Object config = provider.getMethod("getConfig").invoke(null);
            Method lookup = config.getClass().getMethod("getOptionalValue", String.class, Class.class);
            Object value = lookup.invoke(config, key, String.class);
            return value instanceof Optional<?> o ? o.map(String::valueOf) : Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "could not read " + key + " from MicroProfile Config; trying other sources", e);
            return Optional.empty();
        }
    }
}
