package dev.channels.server;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may open a connection, judged by the handshake's {@code Origin} header: the
 * defence against cross-site WebSocket hijacking (a hostile page opening a connection with the
 * visitor's cookies). Browsers always send {@code Origin} and a page cannot forge or drop it;
 * non-browser clients usually send none, and a handshake without one is always allowed.
 *
 * <ul>
 *   <li>{@link #sameOrigin()} (the default): an {@code Origin} must name the host and port the
 *       client connected to (its {@code Host} header) or be on the list given to
 *       {@link #alsoAllowing}. Tyrus and browser clients on the server's own pages pass; a page
 *       from anywhere else does not.</li>
 *   <li>{@link #allowList}: only the listed origins, whatever the {@code Host}.</li>
 *   <li>{@link #anyOrigin()}: no check (the seed's behaviour).</li>
 * </ul>
 *
 * <p>Where it is checked: the Jakarta WebSocket API lets a configurator refuse the upgrade with 403
 * only from {@code checkOrigin}, which sees the {@code Origin} header alone. So an origin that no
 * {@code Host} could make acceptable is refused there, before the upgrade, with 403; the
 * same-origin comparison, which needs the {@code Host} header, is made when the connection opens,
 * which then closes with 1008 before it is registered or sent anything. The standalone runner
 * makes both checks before the upgrade (403). Origins are compared as {@code scheme://host[:port]},
 * case-insensitively, default ports ignored. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class OriginPolicy {

    private final boolean any;
    private final boolean sameOrigin;
    private final Set<String> allowed;

    private OriginPolicy(boolean any, boolean sameOrigin, Set<String> allowed) {
        this.any = any;
        this.sameOrigin = sameOrigin;
        this.allowed = allowed;
    }

    /** The default: no {@code Origin}, the connection's own origin, or one added by {@link #alsoAllowing}. */
    public static OriginPolicy sameOrigin() {
        return new OriginPolicy(false, true, Set.of());
    }

    /** Only handshakes without {@code Origin} or with one of {@code origins} (e.g. {@code https://app.example.com}). */
    public static OriginPolicy allowList(String... origins) {
        return new OriginPolicy(false, false, normalizeAll(origins));
    }

    /** Every origin: for servers that authenticate each connection in another way. */
    public static OriginPolicy anyOrigin() {
        return new OriginPolicy(true, false, Set.of());
    }

    /** This policy, also allowing {@code origins}. */
    public OriginPolicy alsoAllowing(String... origins) {
        Set<String> more = new java.util.HashSet<>(allowed);
        more.addAll(normalizeAll(origins));
        return new OriginPolicy(any, sameOrigin, Set.copyOf(more));
    }

    /**
     * Whether a handshake with {@code origin} (null when absent) to {@code host} (its {@code Host}
     * header, null when absent) may open a connection.
     */
    public boolean allows(String origin, String host) {
        if (allowsWhateverTheHost(origin)) {
            return true;
        }
        if (!sameOrigin || host == null) {
            return false;
        }
        Optional<String> authority = authority(origin);
        return authority.isPresent() && authority.get().equals(hostAuthority(host, origin));
    }

    /**
     * Whether {@code origin} passes before the {@code Host} is known: false only when no
     * {@code Host} could make it acceptable (what {@code checkOrigin} answers).
     */
    public boolean mayAllow(String origin) {
        return allowsWhateverTheHost(origin) || (sameOrigin && authority(origin).isPresent());
    }

    private boolean allowsWhateverTheHost(String origin) {
        return any || origin == null || origin.isBlank() || allowed.contains(normalize(origin));
    }

    /** {@code host:port} of an origin with its default port made explicit; empty for "null" or junk. */
    private static Optional<String> authority(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null) {
                return Optional.empty();
            }
            int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(scheme);
            return Optional.of(host.toLowerCase(Locale.ROOT) + ":" + port);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code host:port} of a Host header; without a port, the origin scheme's default port. */
    private static String hostAuthority(String host, String origin) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        boolean hasPort = colon > h.lastIndexOf(']') && colon >= 0;
        if (hasPort) {
            return h;
        }
        String scheme = origin.trim().toLowerCase(Locale.ROOT).startsWith("https:") ? "https" : "http";
        return h + ":" + defaultPort(scheme);
    }

    private static int defaultPort(String scheme) {
        return scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("wss") ? 443 : 80;
    }

    private static Set<String> normalizeAll(String... origins) {
        Objects.requireNonNull(origins, "origins");
        return Arrays.stream(origins).map(o -> normalize(Objects.requireNonNull(o, "origin")))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        Optional<String> authority = authority(o);
        if (authority.isEmpty()) {
            return o; // e.g. "null": matched literally
        }
        String scheme = o.substring(0, o.indexOf(':'));
        return scheme + "://" + authority.get();
    }

    /** The text form of setting {@code channels.allowed-origins}: {@code *}, {@code same-origin[,origin...]} or {@code origin,...}. */
    String text() {
        if (any) {
            return "*";
        }
        java.util.List<String> parts = new java.util.ArrayList<>(new java.util.TreeSet<>(allowed));
        if (sameOrigin) {
            parts.add(0, "same-origin");
        }
        return String.join(",", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OriginPolicy p && p.any == any && p.sameOrigin == sameOrigin && p.allowed.equals(allowed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(any, sameOrigin, allowed);
    }

    @Override
    public String toString() {
        return any ? "OriginPolicy[any]"
                : "OriginPolicy[" + (sameOrigin ? "same origin, " : "") + "allowed=" + allowed + "]";
    }
}
