package dev.channels.server;

import java.util.Optional;

/**
 * The rule a channel id must follow: non-empty, at most a configured length, and made only of
 * ASCII letters, digits and {@code - _ . ~ : @} (characters that need no escaping in a URL path),
 * and not {@code .} or {@code ..} (path segments that a proxy or a client library normalises away,
 * so that a join to {@code /ws/..} could land on another path).
 *
 * @since 0.1.0
 */
public final class ChannelIdRule {

    private final int maxLength;

    /** A rule allowing ids up to {@code maxLength} characters. */
    public ChannelIdRule(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive");
        }
        this.maxLength = maxLength;
    }

    /** Why {@code channelId} is not acceptable, or empty when it is. */
    public Optional<String> violation(String channelId) {
        if (channelId == null || channelId.isEmpty()) {
            return Optional.of("channel id is empty");
        }
        if (channelId.equals(".") || channelId.equals("..")) {
            return Optional.of("channel id '" + channelId + "' is a relative path segment");
        }
        if (channelId.length() > maxLength) {
            return Optional.of("channel id is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < channelId.length(); i++) {
            if (!allowed(channelId.charAt(i))) {
                return Optional.of("channel id has a character outside [A-Za-z0-9-_.~:@] at index " + i);
            }
        }
        return Optional.empty();
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~' || c == ':' || c == '@';
    }
}
