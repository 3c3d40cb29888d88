package dev.channels.api.codec;

/**
 * A text frame that is not a valid envelope: not JSON, not a JSON object, or a key of the wrong
 * JSON type. Carries the raw text so that error handlers can log or echo it.
 *
 * @since 0.1.0
 */
public class MalformedFrameException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String rawText;

    /** Creates the exception for {@code rawText}, failing because of {@code reason}. */
    public MalformedFrameException(String rawText, String reason, Throwable cause) {
        super(reason, cause);
        this.rawText = rawText;
    }

    /** The frame as received. */
    public String rawText() {
        return rawText;
    }
}
