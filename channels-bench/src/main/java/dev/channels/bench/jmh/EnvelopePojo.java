package dev.channels.bench.jmh;

import jakarta.json.bind.annotation.JsonbProperty;

import java.util.List;
import java.util.Map;

/**
 * The envelope as a plain JSON-B class: the baseline the hand-written codec is compared with.
 * Public mutable fields, as JSON-B binds them fastest.
 */
public class EnvelopePojo {
    public String correlationId;
    public String appId;
    @JsonbProperty("clientID")
    public String clientId;
    public String userId;
    public String expiration;
    public ChatBody body;
    public String messageId;
    public String channelId;
    public String timestamp;
    public String type;
    public Map<String, List<String>> headers;

    /** The body of the benchmark message. */
    public static class ChatBody {
        public long seq;
        public long t;
        public String pad;
    }
}
