package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Envelope;
import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.testkit.RawFrameClient;
import dev.channels.testkit.RecordingClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The regression corpus of bad input, over real sockets: every frame of the hardening issue and the
 * rest of a corpus of our own. Each case opens a raw client (which can send what no client library
 * would) and a canary in a fresh channel, sends its frames, and asserts both the outcome the sender
 * sees (an error envelope with its code, a reply, or a close with its code) and that the canary still
 * gets its own messages afterwards; a sender that was answered must also still be usable. No case
 * makes the server (or its runner's libraries) log at WARNING or worse, except the one whose handler
 * throws: that is the application's failure, logged with the error id the client gets.
 */
class BadInputCorpusTest {

    private static final int MAX = 64 * 1024;
    private static final AtomicInteger CHANNELS = new AtomicInteger();

    /** A body the {@code line} handler binds. */
    public record Line(String text, int n) {
    }

    private static ServerFixture fx;

    /** Every log record at WARNING or worse, from any logger, while the corpus runs (JUL backs System.Logger here). */
    private static final List<LogRecord> WARNINGS = java.util.Collections.synchronizedList(new ArrayList<>());
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                WARNINGS.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Whether a record comes from this JVM's Tyrus client (the canaries), not the server: Grizzly's
     * filter chain logs through one logger for both sides, and the Tyrus client's teardown sometimes
     * logs a NullPointerException from its {@code grizzly.client.TaskProcessor} there.
     */
    private static boolean fromTestClient(LogRecord r) {
        for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("tyrus.container.grizzly.client")) {
                return true;
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("org.glassfish.tyrus.container.grizzly.client.")) {
                    return true;
                }
            }
        }
        return false;
    }

    @BeforeAll
    static void start() throws Exception {
        Logger.getLogger("").addHandler(CAPTURE);
        fx = new ServerFixture(ChannelServer.builder()
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .directHandler("line", (ctx, msg) -> Optional.of(msg.newFrom("line").withBody(msg.bind(Line.class))))
                .directHandler("boom", (ctx, msg) -> {
                    throw new IllegalStateException("secret detail");
                }));
    }

    @AfterAll
    static void stop() {
        fx.close();
        Logger.getLogger("").removeHandler(CAPTURE);
    }

    /** What the sender of a bad frame observes. */
    sealed interface Outcome permits ErrorCode, Reply, Closed {
    }

    /** An error envelope with this {@code errCode}; the connection stays usable. */
    record ErrorCode(String code) implements Outcome {
    }

    /** A message of this type comes back; for {@code chat} the canary gets it too. */
    record Reply(String type) implements Outcome {
    }

    /** The server closes the connection with this code and forgets it. */
    record Closed(int code) implements Outcome {
    }

    /** What a case sends, on the raw connection. */
    interface Send {
        void to(RawFrameClient raw) throws IOException;
    }

    private static Arguments text(String name, String frame, Outcome outcome) {
        return Arguments.of(name, (Send) raw -> raw.sendText(frame), outcome);
    }

    private static Arguments raw(String name, Send send, Outcome outcome) {
        return Arguments.of(name, send, outcome);
    }

    private static String chatWithBody(String bodyJson) {
        return "{\"type\":\"chat\",\"body\":" + bodyJson + "}";
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static Stream<Arguments> corpus() {
        ErrorCode badRequest = new ErrorCode("400");
        ErrorCode notFound = new ErrorCode("404");
        String deepArray = "[".repeat(1001) + "]".repeat(1001);
        String digits = "1".repeat(1101); // the parser's limit is 1,100 digits
        StringBuilder manyHeaders = new StringBuilder("{\"type\":\"echo\",\"headers\":{");
        for (int i = 0; i < 2000; i++) {
            manyHeaders.append(i == 0 ? "" : ",").append("\"h").append(i).append("\":[\"v\"]");
        }
        manyHeaders.append("}}");
        List<Arguments> cases = new ArrayList<>(List.of(
                // from the issue: frames that once wedged a connection or a channel
                text("1,001-deep nesting", deepArray, badRequest),
                text("1,001-deep nesting in the body", chatWithBody(deepArray), badRequest),
                text("1,101-digit number as the body", chatWithBody(digits), badRequest),
                text("1,101-digit number as the frame", digits, badRequest),
                text("1,101-digit fraction", chatWithBody("0." + digits), badRequest),
                text("1,100-digit number: the parser's limit, accepted", chatWithBody("1".repeat(1100)), new Reply("chat")),
                text("escaped lone high surrogate", chatWithBody("\"\\ud800\""), new Reply("chat")),
                text("escaped lone low surrogate", chatWithBody("\"\\udc00\""), new Reply("chat")),
                text("escaped surrogates in the wrong order", chatWithBody("\"\\ude00\\ud83d\""), new Reply("chat")),
                text("escaped lone surrogate in a header", "{\"type\":\"chat\",\"headers\":{\"x\":[\"\\ud800\"]}}", new Reply("chat")),
                text("escaped lone surrogate in the type", "{\"type\":\"\\ud800\"}", notFound),
                // not JSON, or not an object
                text("empty frame", "", badRequest),
                text("whitespace only", "  \n\t ", badRequest),
                text("plain text", "hello", badRequest),
                text("array", "[1,2,3]", badRequest),
                text("number", "42", badRequest),
                text("string", "\"chat\"", badRequest),
                text("null", "null", badRequest),
                text("true", "true", badRequest),
                text("truncated object", "{\"type\":\"chat\"", badRequest),
                text("lone brace", "{", badRequest),
                text("single quotes", "{'type':'chat'}", badRequest),
                text("comment", "{/* hi */\"type\":\"chat\"}", badRequest),
                text("NaN", chatWithBody("NaN"), badRequest),
                text("trailing garbage", "{\"type\":\"chat\"} x", badRequest),
                text("two objects", "{\"type\":\"chat\"}{\"type\":\"chat\"}", badRequest),
                text("byte order mark", "\uFEFF{\"type\":\"chat\"}", badRequest),
                text("bad escape", chatWithBody("\"\\x41\""), badRequest),
                text("raw control character in a string", chatWithBody("\"a\u0001b\""), badRequest),
                // keys of the wrong JSON type
                text("type is a number", "{\"type\":7}", badRequest),
                text("type is an array", "{\"type\":[\"chat\"]}", badRequest),
                text("type is an object", "{\"type\":{\"a\":1}}", badRequest),
                text("correlationId is a number", "{\"type\":\"echo\",\"correlationId\":5}", badRequest),
                text("messageId is a boolean", "{\"type\":\"echo\",\"messageId\":true}", badRequest),
                text("headers is an array", "{\"type\":\"echo\",\"headers\":[]}", badRequest),
                text("header value is a string", "{\"type\":\"echo\",\"headers\":{\"a\":\"b\"}}", badRequest),
                text("header value holds numbers", "{\"type\":\"echo\",\"headers\":{\"a\":[1]}}", badRequest),
                text("timestamp is not a time", "{\"type\":\"echo\",\"timestamp\":\"yesterday\"}", badRequest),
                text("expiration is a number", "{\"type\":\"echo\",\"expiration\":12}", badRequest),
                // types nobody handles
                text("unknown type", "{\"type\":\"no.such.type\"}", notFound),
                text("no type at all", "{\"body\":1}", notFound),
                text("null type", "{\"type\":null}", notFound),
                text("reserved type join.success", "{\"type\":\"join.success\"}", notFound),
                text("reserved type error", "{\"type\":\"error\",\"errorBody\":{}}", notFound),
                text("reserved type channel.closed", "{\"type\":\"channel.closed\"}", notFound),
                text("10,000-character type", "{\"type\":\"" + "t".repeat(10_000) + "\"}", notFound),
                // handlers that cannot take the message
                text("body that does not bind", "{\"type\":\"line\",\"body\":{\"text\":\"x\",\"n\":\"two\"}}", badRequest),
                text("missing body for a binding handler", "{\"type\":\"line\"}", badRequest),
                text("handler that throws", "{\"type\":\"boom\"}", new ErrorCode("500")),
                // odd but valid: answered as usual
                text("duplicate keys: the last wins, as in Go", "{\"type\":\"boom\",\"type\":\"echo\"}", new Reply("echo")),
                text("key in another letter case, as in Go", "{\"TYPE\":\"echo\"}", new Reply("echo")),
                text("2,000 headers", manyHeaders.toString(), new Reply("echo")),
                text("a 60 KB header value", "{\"type\":\"echo\",\"headers\":{\"x\":[\"" + "v".repeat(60_000) + "\"]}}", new Reply("echo")),
                text("escaped NUL in the body", chatWithBody("\"a\\u0000b\""), new Reply("chat")),
                text("500-deep nesting in the body", chatWithBody("[".repeat(500) + "]".repeat(500)), new Reply("chat")),
                // the envelope object is the first of the 1,000 levels a frame may nest (docs/protocol.md)
                text("1,000-deep frame: the limit, accepted", chatWithBody("[".repeat(999) + "]".repeat(999)), new Reply("chat")),
                text("1,001-deep frame: refused", chatWithBody("[".repeat(1000) + "]".repeat(1000)), badRequest),
                text("spoofed clientID and channelId", "{\"type\":\"chat\",\"clientID\":\"someone-else\",\"channelId\":\"other-room\"}", new Reply("chat")),
                text("huge exponent", chatWithBody("1e999999999"), new Reply("chat")),
                // frames the server must close on
                text("over the size limit", chatWithBody("\"" + "x".repeat(MAX) + "\""), new Closed(1009)),
                raw("binary frame", r -> r.sendFrame(0x82, bytes(1, 2, 3)), new Closed(1003)),
                raw("binary first fragment without FIN: closed at once", r -> r.sendFrame(0x02, new byte[60_000]), new Closed(1003)),
                raw("invalid UTF-8", r -> r.sendText(bytes('{', '"', 't', '"', ':', 0xC3, 0x28, '}')), new Closed(1007)),
                raw("overlong UTF-8 encoding", r -> r.sendText(bytes('"', 0xC0, 0xAF, '"')), new Closed(1007)),
                raw("UTF-8 of a surrogate", r -> r.sendText(bytes('"', 0xED, 0xA0, 0x80, '"')), new Closed(1007)),
                raw("reserved bit RSV1 without an extension", r -> r.sendFrame(0xC1, "{}".getBytes(StandardCharsets.UTF_8)), new Closed(1002)),
                raw("reserved opcode 3", r -> r.sendFrame(0x83, bytes(1)), new Closed(1002)),
                raw("continuation with nothing to continue", r -> r.sendFrame(0x80, "{}".getBytes(StandardCharsets.UTF_8)), new Closed(1002)),
                raw("new text frame inside a fragmented one", r -> {
                    r.sendFrame(0x01, "{\"type\":".getBytes(StandardCharsets.UTF_8));
                    r.sendFrame(0x81, "{}".getBytes(StandardCharsets.UTF_8));
                }, new Closed(1002)),
                raw("ping with a 126-byte payload", r -> r.sendFrame(0x89, new byte[126]), new Closed(1002)),
                raw("fragmented ping", r -> r.sendFrame(0x09, bytes(1)), new Closed(1002))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadInputHasItsOutcomeAndTheCanaryKeepsReceiving(String name, Send send, Outcome outcome) throws Exception {
        String channel = "corpus-" + CHANNELS.incrementAndGet();
        WARNINGS.clear();
        RecordingClient canary = fx.connect(channel);
        Message canaryJoin = ServerFixture.message(canary.next(Duration.ofSeconds(20)));
        try (RawFrameClient sender = RawFrameClient.connect(fx.running.port(), "/ws/" + channel)) {
            Message join = ServerFixture.message(sender.nextText());
            await().atMost(Duration.ofSeconds(20)).until(() -> fx.server.members(channel).size() == 2);

            send.to(sender);

            if (outcome instanceof ErrorCode e) {
                    Envelope got = EnvelopeCodec.decode(sender.nextText());
                    assertThat(got).as(name).isInstanceOf(ErrorMessage.class);
                    assertThat(((ErrorMessage) got).detail()).as(name).map(ErrorDetail::errCode).contains(e.code());
                    assertThat(((ErrorMessage) got).clientId()).isEqualTo(join.clientId());
                    sender.sendText("{\"type\":\"echo\",\"body\":\"still usable\"}");
                    assertThat(ServerFixture.message(sender.nextText()).rawBody()).isEqualTo("\"still usable\"");
            } else if (outcome instanceof Reply r) {
                    Envelope got = EnvelopeCodec.decode(sender.nextText());
                    assertThat(got).as(name).isInstanceOf(Message.class);
                    assertThat(got.type()).isEqualTo(r.type());
                    assertThat(((Message) got).clientId()).isEqualTo(join.clientId());
                    if (r.type().equals("chat")) {
                        Message atCanary = ServerFixture.message(canary.next(Duration.ofSeconds(20)));
                        assertThat(atCanary.type()).isEqualTo("chat");
                        assertThat(atCanary.clientId()).isEqualTo(join.clientId());
                        assertThat(atCanary.channelId()).isEqualTo(channel);
                    }
            } else {
                    assertThat(sender.awaitClose()).as(name).isEqualTo(((Closed) outcome).code());
                    await().atMost(Duration.ofSeconds(20)).until(() -> fx.server.members(channel).size() == 1);
            }
        }

        canary.send(ServerFixture.request("chat", channel, "\"canary\""));
        Message back = ServerFixture.message(canary.next(Duration.ofSeconds(20)));
        assertThat(back.rawBody()).as(name + ": the canary's next frame is its own message").isEqualTo("\"canary\"");
        assertThat(back.clientId()).isEqualTo(canaryJoin.clientId());
        canary.close();
        synchronized (WARNINGS) {
            // a handler that throws is the application's failure: WARNING with its error id, by design
            assertThat(WARNINGS).as(name + ": a client cannot make the server log at WARNING")
                    .filteredOn(r -> !"handler that throws".equals(name) && !fromTestClient(r))
                    .extracting(r -> r.getLoggerName() + " " + r.getLevel() + ": " + r.getMessage()
                            + (r.getThrown() == null ? "" : " " + r.getThrown()))
                    .isEmpty();
        }
    }
}
