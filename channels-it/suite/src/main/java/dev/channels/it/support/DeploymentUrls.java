package dev.channels.it.support;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * Derives URIs inside a deployment from its HTTP base URL (what {@code @ArquillianResource URL}
 * injects, e.g. {@code http://127.0.0.1:8080/app/}): the WebSocket URI of a path
 * ({@code ws://127.0.0.1:8080/app/ws/room}) and the HTTP URI of a path.
 *
 * <p>{@code http} becomes {@code ws} and {@code https} becomes {@code wss}; host, port and context
 * path are kept; a missing trailing slash on the context path is tolerated (adapters differ) and the
 * path is always resolved inside the context, never against the server root or by replacing the
 * context's last segment. Query and fragment of the base are dropped.
 *
 * <p>{@link #onLoopback} keeps test traffic on the loopback interface when an adapter reports the
 * machine's own network address (Payara Micro reports the host's first interface address).
 */
public final class DeploymentUrls {

    private DeploymentUrls() {
    }

    /**
     * The WebSocket URI of {@code path} (relative to the context root; a leading slash is ignored)
     * inside the deployment whose HTTP base URL is {@code base}.
     *
     * @throws IllegalArgumentException if {@code base} is not an absolute http(s) URL
     */
    public static URI webSocket(URL base, String path) {
        Objects.requireNonNull(base, "base");
        return inside(base, webSocketScheme(base.getProtocol()), path);
    }

    /**
     * The HTTP(S) URI of {@code path} (relative to the context root; a leading slash is ignored)
     * inside the deployment whose HTTP base URL is {@code base}.
     *
     * @throws IllegalArgumentException if {@code base} is not an absolute http(s) URL
     */
    public static URI http(URL base, String path) {
        Objects.requireNonNull(base, "base");
        webSocketScheme(base.getProtocol());
        return inside(base, base.getProtocol().toLowerCase(Locale.ROOT), path);
    }

    /**
     * {@code base} with its host replaced by the loopback address when the host is one of this
     * machine's own non-loopback addresses (the server then listens on all interfaces, loopback
     * included); unchanged when the host is already loopback or belongs to another machine.
     */
    public static URL onLoopback(URL base) {
        Objects.requireNonNull(base, "base");
        InetAddress address;
        try {
            address = InetAddress.getByName(base.getHost());
        } catch (UnknownHostException e) {
            return base;
        }
        if (address.isLoopbackAddress() || !isOwnAddress(address)) {
            return base;
        }
        String loopback = address instanceof Inet6Address ? "[::1]" : "127.0.0.1";
        try {
            return new URL(base.getProtocol(), loopback, base.getPort(), base.getFile());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("cannot move " + base + " to the loopback address", e);
        }
    }

    private static boolean isOwnAddress(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static URI inside(URL base, String scheme, String path) {
        Objects.requireNonNull(path, "path");
        if (base.getHost() == null || base.getHost().isEmpty()) {
            throw new IllegalArgumentException("base URL has no host: " + base);
        }
        String contextPath = base.getPath() == null ? "" : base.getPath();
        if (!contextPath.endsWith("/")) {
            contextPath = contextPath + "/";
        }
        String relative = path.startsWith("/") ? path.substring(1) : path;
        try {
            return new URI(scheme, null, base.getHost(), base.getPort(), contextPath + relative, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build a URI from " + base + " and " + path, e);
        }
    }

    private static String webSocketScheme(String httpScheme) {
        Objects.requireNonNull(httpScheme, "scheme");
        if ("http".equalsIgnoreCase(httpScheme)) {
            return "ws";
        }
        if ("https".equalsIgnoreCase(httpScheme)) {
            return "wss";
        }
        throw new IllegalArgumentException("not an http(s) URL: scheme " + httpScheme);
    }
}
