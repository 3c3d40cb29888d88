package dev.channels.server;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a connection presented when it opened: the channel of its path, the HTTP headers, the query
 * parameters and the authenticated user. Passed to a {@link HandshakeCheck}; the same values reach
 * every {@link dev.channels.api.HandlerContext} of the connection.
 *
 * @param channelId       the channel id from the path
 * @param headers         the handshake's headers (names as the container gives them)
 * @param queryParameters the handshake's query parameters
 * @param principal       the authenticated user, or {@code null}
 * @param principalRoles  the roles of {@link ChannelAuthorizer#roles()} that the container said the
 *                        principal has ({@code HandshakeRequest.isUserInRole}, asked during the
 *                        handshake); empty without a principal
 *
 * @since 0.1.0
 */
public record Handshake(String channelId, Map<String, List<String>> headers,
                        Map<String, List<String>> queryParameters, Principal principal, Set<String> principalRoles) {

    /** A handshake whose principal has no known roles. */
    public Handshake(String channelId, Map<String, List<String>> headers, Map<String, List<String>> queryParameters,
                     Principal principal) {
        this(channelId, headers, queryParameters, principal, Set.of());
    }

    /**
     * Copies the maps, once, into compact immutable maps of immutable lists (a {@code null} list
     * becomes empty): the connection's {@link dev.channels.api.HandlerContext} then shares them
     * instead of copying them again, which matters with thousands of idle connections.
     */
    public Handshake {
        headers = frozen(headers);
        queryParameters = frozen(queryParameters);
        principalRoles = principalRoles == null || principalRoles.isEmpty() ? Set.of() : Set.copyOf(principalRoles);
    }

    /** The identity of the container's principal with its {@link #principalRoles}; anonymous without a principal. */
    public Identity principalIdentity() {
        return Identity.ofPrincipal(principal, principalRoles);
    }

    /** The first value of cookie {@code name} in the {@code Cookie} headers. */
    public Optional<String> cookie(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (!e.getKey().equalsIgnoreCase("Cookie")) {
                continue;
            }
            for (String header : e.getValue()) {
                for (String pair : header.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                        String value = pair.substring(eq + 1).trim();
                        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                            value = value.substring(1, value.length() - 1);
                        }
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** An immutable copy of {@code map} with immutable lists; the JDK's {@code Map.copyOf}, so no order and no null names. */
    static Map<String, List<String>> frozen(Map<String, List<String>> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map.Entry<String, List<String>>[] entries = new Map.Entry[map.size()];
        int n = 0;
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            if (e.getKey() != null) {
                entries[n++] = Map.entry(shared(e.getKey()), values(e.getValue()));
            }
        }
        return Map.ofEntries(n == entries.length ? entries : java.util.Arrays.copyOf(entries, n));
    }

    /**
     * Header names and values every WebSocket handshake carries: a connection keeps the one shared
     * instance of an equal string instead of its own copy (~0.4 KB less per idle connection).
     */
    private static final Map<String, String> COMMON = common(
            "Host", "host", "Upgrade", "upgrade", "Connection", "connection", "User-Agent", "user-agent",
            "Origin", "origin", "Sec-WebSocket-Key", "sec-websocket-key", "Sec-WebSocket-Version",
            "sec-websocket-version", "Sec-WebSocket-Extensions", "sec-websocket-extensions",
            "Sec-WebSocket-Protocol", "sec-websocket-protocol", "Accept-Encoding", "accept-encoding",
            "Accept-Language", "accept-language", "Cache-Control", "cache-control", "Pragma", "pragma",
            "Cookie", "cookie", "Authorization", "authorization", "Content-Length", "content-length",
            "websocket", "Upgrade", "upgrade", "13", "0", "no-cache", "permessage-deflate; client_max_window_bits",
            "gzip, deflate, br", "gzip, deflate, br, zstd");

    private static Map<String, String> common(String... strings) {
        Map<String, String> table = new java.util.HashMap<>();
        for (String s : strings) {
            table.putIfAbsent(s, s);
        }
        return Map.copyOf(table);
    }

    /** The shared instance of {@code s} when it is a common header string, else {@code s}. */
    private static String shared(String s) {
        return s == null ? null : COMMON.getOrDefault(s, s);
    }

    private static List<String> values(List<String> values) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        if (values.size() == 1) {
            return List.of(shared(values.get(0)));
        }
        return List.copyOf(values.stream().map(Handshake::shared).toList());
    }

    /** The first value of header {@code name}, matched case-insensitively. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> queryParameter(String name) {
        List<String> values = queryParameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
