package dev.channels.it.sample;

/**
 * The body of an {@code "echo"} request: {@code {"text": "..."}}. A mutable JavaBean so that any
 * JSON-B implementation binds it without extra configuration.
 */
public class EchoRequest {

    private String text;

    /** For JSON-B. */
    public EchoRequest() {
    }

    /** A request carrying {@code text}. */
    public EchoRequest(String text) {
        this.text = text;
    }

    /** The text to echo. */
    public String getText() {
        return text;
    }

    /** Sets the text to echo. */
    public void setText(String text) {
        this.text = text;
    }
}
