package dev.channels.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written writer writes what the JSON-P generator wrote (the codec's writer before it), for
 * envelopes whose strings hold every kind of character; and it copies a raw body as it came.
 */
class EnvelopeWriterTest {

    private static final String ALPHABET = "a\"\\/\b\f\n\r\t\u0000\u0001\u001f\u007f\u00e9\u2028\ud800\udc00\ud83d\ude00 {}";

    @Test
    void writesWhatTheJsonPGeneratorWrote() {
        Random random = new Random(15);
        for (int n = 0; n < 1_000; n++) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put(text(random), List.of(text(random), text(random)));
            headers.put("X-" + n, List.of());
            JsonValue body = Json.createObjectBuilder().add(text(random), text(random)).add("n", n).build();
            Message m = Message.builder().id(text(random)).type(text(random)).channelId(text(random))
                    .clientId(text(random)).correlationId(text(random)).appId(text(random)).userId(text(random))
                    .timestamp(Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000)))
                    .expiration(random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L)))
                    .headers(headers).body(body).build();
            assertThat(EnvelopeCodec.encode(m)).isEqualTo(generatorEncode(m));

            ErrorMessage e = m.toError(ErrorDetail.badRequest(text(random)).toJson());
            assertThat(EnvelopeCodec.encode(e)).isEqualTo(generatorEncode(e));
        }
    }

    @Test
    void copiesARawBodyAsItCame() {
        String body = "{\"n\":1e2,\"z\":-0,\"s\":\"\\u00e9\",\"d\":1.50, \"a\" : [ 1E-7 ,true]}";
        Message in = EnvelopeCodec.decodeMessage("{\"type\":\"chat\",\"body\":" + body + "}");

        assertThat(in.rawBody()).isEqualTo(body);
        assertThat(EnvelopeCodec.encode(in.newFrom("chat").withBody(in.body()))).contains("\"body\":" + body + ",");
        assertThat(EnvelopeCodec.encode(in.toError(null))).contains("\"originBody\":" + body + ",");
        assertThat(EnvelopeCodec.encode(in.withRawBody(" -0 "))).contains("\"body\":-0,");
    }

    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /** The codec's writer before the hand-written one, as it was. */
    private static String generatorEncode(Message m) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.createGenerator(out)) {
            g.writeStartObject().write("correlationId", m.correlationId()).write("appId", m.appId())
                    .write("clientID", m.clientId()).write("userId", m.userId());
            if (m.expiration().isPresent()) {
                g.write("expiration", DateTimeFormatter.ISO_INSTANT.format(m.expiration().get()));
            } else {
                g.writeNull("expiration");
            }
            g.write("body", m.body()).write("messageId", m.id()).write("channelId", m.channelId())
                    .write("timestamp", DateTimeFormatter.ISO_INSTANT.format(m.timestamp())).write("type", m.type());
            headers(g, m.headers());
            g.writeEnd();
        }
        return EnvelopeCodec.escapeLoneSurrogates(out.toString());
    }

    private static String generatorEncode(ErrorMessage e) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.createGenerator(out)) {
            g.writeStartObject().write("correlationId", e.correlationId()).write("appId", e.appId())
                    .write("userId", e.userId()).write("type", e.type()).write("originType", e.originType())
                    .write("originBody", e.originBody()).write("errorBody", e.errorBody())
                    .write("channelId", e.channelId()).write("clientId", e.clientId());
            headers(g, e.headers());
            g.writeEnd();
        }
        return EnvelopeCodec.escapeLoneSurrogates(out.toString());
    }

    private static void headers(JsonGenerator g, Map<String, List<String>> headers) {
        g.writeStartObject("headers");
        headers.forEach((name, values) -> {
            g.writeStartArray(name);
            values.forEach(g::write);
            g.writeEnd();
        });
        g.writeEnd();
    }
}
