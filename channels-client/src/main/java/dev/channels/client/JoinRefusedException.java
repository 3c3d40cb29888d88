package dev.channels.client;

import dev.channels.api.ErrorMessage;
import java.net.URI;

/**
 * A {@code channel.join} on a session that the server refused with an error envelope (docs/protocol.md
 * "Sessions"): {@link #errCode()} says why: {@code "403"} not allowed (the authorizer), {@code "404"} no such
 * channel, {@code "409"} already joined, {@code "429"} a limit (channels per session, members per channel),
 * {@code "503"} the server is restarting or its engine is down, {@code "400"} an invalid channel id. The
 * session and the client's other channels are unaffected. {@link #reason()} is {@link Reason#REFUSED}.
 *
 * @since 0.1.0
 */
public class JoinRefusedException extends JoinException {

    private static final long serialVersionUID = 1L;

    private final String errCode;

    /** Creates the exception for the join of {@code channelId} (at {@code uri}) refused with {@code error}. */
    public JoinRefusedException(URI uri, String channelId, ErrorMessage error) {
        this(uri, channelId, error.detail().map(d -> d.errCode()).orElse(""),
                error.detail().map(d -> d.description()).orElse(error.errorBody().toString()));
    }

    JoinRefusedException(URI uri, String channelId, String errCode, String description) {
        super(Reason.REFUSED, uri, -1, "the server refused to join channel '" + channelId + "' ("
                + errCode + " " + meaning(errCode) + "): " + description, null);
        this.errCode = errCode;
    }

    /** The error envelope's {@code errCode}, e.g. {@code "403"}. */
    public String errCode() {
        return errCode;
    }

    private static String meaning(String errCode) {
        return switch (errCode) {
            case "400" -> "invalid channel";
            case "403" -> "not allowed";
            case "404" -> "no such channel";
            case "409" -> "already joined";
            case "429" -> "limit reached";
            case "503" -> "unavailable, try again";
            default -> "refused";
        };
    }
}
