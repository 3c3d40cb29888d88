package dev.channels.server.standalone;

import dev.channels.server.OriginPolicy;
import dev.channels.server.runner.UpgradeRequests;
import java.util.Optional;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * The checks a WebSocket handshake must pass before Tyrus sees it: a valid
 * {@code Sec-WebSocket-Key} (RFC 6455 4.1: 16 bytes in base64; Tyrus answers 500 without one) and an
 * {@code Origin} the server's {@link OriginPolicy} allows, with the {@code Host} at hand (which
 * Tyrus's {@code checkOrigin} never sees); and none while the server drains for a restart
 * ({@code ChannelServer#drain}: 503). Immutable and thread-safe.
 */
final class HandshakeScreen {

    /** Why a handshake is refused: the HTTP status, the response body, and a line for the log. */
    record Refusal(HttpStatus status, String reason, String logLine) {
    }

    private final OriginPolicy originPolicy;
    private final java.util.function.BooleanSupplier draining;

    /** {@code draining}: whether the server drains for a restart, when every handshake gets 503. */
    HandshakeScreen(OriginPolicy originPolicy, java.util.function.BooleanSupplier draining) {
        this.originPolicy = originPolicy;
        this.draining = draining;
    }

    /** Why {@code request} must be refused, or empty when it may go on to Tyrus. */
    Optional<Refusal> refusal(HttpRequestPacket request) {
        String keyProblem = UpgradeRequests.keyProblem(request.getHeader("Sec-WebSocket-Key"));
        if (keyProblem != null) {
            return Optional.of(new Refusal(HttpStatus.BAD_REQUEST_400, keyProblem, keyProblem));
        }
        if (draining.getAsBoolean()) { // ChannelServer#drain: the client should move to another node
            return Optional.of(new Refusal(HttpStatus.SERVICE_UNAVAILABLE_503, "server restarting: connect to another node",
                    "draining"));
        }
        String origin = request.getHeader("Origin");
        if (!originPolicy.allows(origin, request.getHeader("Host"))) {
            return Optional.of(new Refusal(HttpStatus.FORBIDDEN_403, "origin not allowed",
                    "origin " + origin + " not allowed"));
        }
        return Optional.empty();
    }
}
