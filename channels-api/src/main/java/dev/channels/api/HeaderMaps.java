package dev.channels.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Header maps as the protocol carries them: name to list of values, names matched as HTTP does. */
final class HeaderMaps {

    private HeaderMaps() {
    }

    /** The classes of the JDK's immutable maps and lists ({@code Map.of}, {@code List.copyOf}, ...). */
    private static final Class<?> MAP_1 = Map.of("", "").getClass();
    private static final Class<?> MAP_N = Map.of().getClass();
    private static final Class<?> LIST_12 = List.of("").getClass();
    private static final Class<?> LIST_N = List.of().getClass();

    /**
     * An unmodifiable copy that keeps the order of names; {@code null} lists become empty. A map that
     * is immutable already (the JDK's, with the JDK's immutable lists, as a server's handshake makes
     * it) is returned as it is, so a connection's contexts share one copy of its handshake headers.
     */
    static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        if (isImmutable(headers)) {
            return headers;
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k, v == null ? List.of() : List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static boolean isImmutable(Map<String, List<String>> headers) {
        if (headers.getClass() != MAP_1 && headers.getClass() != MAP_N) {
            return false;
        }
        // entrySet, not values(): the immutable maps cache their values() view, 32 bytes kept per map
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            Class<?> values = e.getValue().getClass();
            if (values != LIST_12 && values != LIST_N) {
                return false;
            }
        }
        return true;
    }

    /** The first value of {@code name}, matched case-insensitively. */
    static Optional<String> first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }
}
