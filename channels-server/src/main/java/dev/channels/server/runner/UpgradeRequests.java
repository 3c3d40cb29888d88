package dev.channels.server.runner;

import java.util.Base64;

/**
 * Checks of a WebSocket upgrade request that both standalone runners make before their runtime sees
 * the request (the Tyrus runner's {@code HandshakeScreen}, the Jetty runner's {@code HandshakeHandler}),
 * so that a malformed handshake gets the same 400 on either. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class UpgradeRequests {

    private UpgradeRequests() {
    }

    /**
     * Why {@code key} is not a valid {@code Sec-WebSocket-Key} (RFC 6455 4.1: 16 bytes in base64), or
     * null when it is; the reason goes to the client as is.
     */
    public static String keyProblem(String key) {
        if (key == null || key.isBlank()) {
            return "missing Sec-WebSocket-Key header";
        }
        try {
            if (Base64.getDecoder().decode(key.trim()).length == 16) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            // not base64
        }
        return "invalid Sec-WebSocket-Key header: must be 16 bytes in base64";
    }
}
