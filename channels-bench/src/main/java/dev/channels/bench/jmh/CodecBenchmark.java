package dev.channels.bench.jmh;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import jakarta.json.Json;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Envelope encode and decode with {@link EnvelopeCodec} against a plain JSON-B round trip of an
 * equivalent class ({@link EnvelopePojo}), for a body of {@code bodyBytes}; and the floor of a decode
 * on JSON-P's streaming parser ({@link #jsonpEventScan()}).
 */
public class CodecBenchmark extends JmhSettings {

    @Param({"256"})
    public int bodyBytes;

    private Message message;
    private String text;
    private EnvelopePojo pojo;
    private String pojoText;
    private Jsonb jsonb;
    private final JsonParserFactory parsers = Json.createParserFactory(Map.of());

    @Setup
    public void setUp() {
        String pad = "x".repeat(Math.max(0, bodyBytes - 40));
        message = Message.create("chat", "room-1")
                .withClientId("bc284a49-7013-452c-a078-e18c7a80dd79")
                .withHeader("X-Trace", "abc")
                .withRawBody("{\"seq\":1234567,\"t\":123456789012345,\"pad\":\"" + pad + "\"}");
        text = EnvelopeCodec.encode(message);
        jsonb = JsonbBuilder.create();
        pojo = new EnvelopePojo();
        pojo.correlationId = "";
        pojo.appId = "";
        pojo.clientId = message.clientId();
        pojo.userId = "";
        pojo.messageId = message.id();
        pojo.channelId = message.channelId();
        pojo.timestamp = Instant.now().toString();
        pojo.type = message.type();
        pojo.headers = Map.of("X-Trace", List.of("abc"));
        pojo.body = new EnvelopePojo.ChatBody();
        pojo.body.seq = 1234567;
        pojo.body.t = 123456789012345L;
        pojo.body.pad = pad;
        pojoText = jsonb.toJson(pojo);
    }

    @TearDown
    public void tearDown() throws Exception {
        jsonb.close();
    }

    @Benchmark
    public String codecEncode() {
        return EnvelopeCodec.encode(message);
    }

    @Benchmark
    public Message codecDecode() {
        return EnvelopeCodec.decodeMessage(text);
    }

    /**
     * The floor of a decode built on JSON-P's streaming parser: only iterating the parser's events
     * over the frame (what a validating, tree-less read would have to do at the least), with no
     * value taken out. Compare with {@link #codecDecode()}: if this alone costs as much as the whole
     * hand-written decode, the library cannot serve the hot path.
     */
    @Benchmark
    public int jsonpEventScan() {
        int events = 0;
        try (JsonParser parser = parsers.createParser(new StringReader(text))) {
            while (parser.hasNext()) {
                parser.next();
                events++;
            }
        }
        return events;
    }

    @Benchmark
    public String jsonbEncode() {
        return jsonb.toJson(pojo);
    }

    @Benchmark
    public EnvelopePojo jsonbDecode() {
        return jsonb.fromJson(pojoText, EnvelopePojo.class);
    }
}
