package dev.channels.it.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
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
