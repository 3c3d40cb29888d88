package dev.channels.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.TestBodies.Foo;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** decode(encode(m)) equals m, for hand-picked and for randomly generated envelopes. */
class EnvelopeRoundTripTest {

    private static final String TRICKY = "héllo wörld ✓ 日本語 😀👩‍👩‍👧 \u0000\u001f \" \\ / \b\f\n\r\t \u2028\u2029 </script>";

    private static Message roundTrip(Message m) {
        return EnvelopeCodec.decodeMessage(EnvelopeCodec.encode(m));
    }

    private static ErrorMessage roundTrip(ErrorMessage e) {
        return (ErrorMessage) EnvelopeCodec.decode(EnvelopeCodec.encode(e));
    }

    @Test
    void aMessageWithEveryFieldSetRoundTrips() {
        Message m = EnvelopeCodecGoldenTest.fullMessage();

        assertThat(roundTrip(m)).isEqualTo(m);
        assertThat(roundTrip(m).headers()).isEqualTo(m.headers());
        assertThat(roundTrip(m).expiration()).isEqualTo(m.expiration());
        assertThat(roundTrip(m).rawBody()).isEqualTo(m.rawBody());
    }

    @Test
    void freshMessagesAndNanosecondTimestampsRoundTrip() {
        Message fresh = Message.create("t", "c1");
        Message oneNano = fresh.toBuilder().timestamp(Instant.ofEpochSecond(1_800_000_000L, 1)).build();

        assertThat(roundTrip(fresh)).isEqualTo(fresh);
        assertThat(roundTrip(oneNano)).isEqualTo(oneNano);
        assertThat(roundTrip(oneNano).timestamp().getNano()).isEqualTo(1);
    }

    @Test
    void unicodeEmojiAndEscapesRoundTripInEveryStringField() {
        Message m = Message.builder().id(TRICKY).type(TRICKY).channelId(TRICKY).clientId(TRICKY)
                .correlationId(TRICKY).appId(TRICKY).userId(TRICKY).timestamp(Instant.now())
                .headers(Map.of(TRICKY, List.of(TRICKY, "")))
                .body(Json.createObjectBuilder().add(TRICKY, TRICKY).build())
                .build();

        Message back = roundTrip(m);

        assertThat(back).isEqualTo(m);
        assertThat(back.type()).isEqualTo(TRICKY);
        assertThat(back.body().asJsonObject().getString(TRICKY)).isEqualTo(TRICKY);
    }

    @Test
    void aStringBodyWithUnicodeBindsBackToTheSameString() {
        Message m = Message.create("t").withBody(TRICKY);

        assertThat(roundTrip(m).bind(String.class)).isEqualTo(TRICKY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"\"", "{}", "[]", "0", "-12.50", "true", "false", "\"x\"",
            "{\"a\":{\"b\":{\"c\":[1,[2,[3,{\"d\":null}]]]}}}"})
    void emptyScalarAndNestedBodiesRoundTrip(String body) {
        Message m = Message.create("t").withRawBody(body);

        Message back = roundTrip(m);

        assertThat(back).isEqualTo(m);
        assertThat(back.rawBody()).isEqualTo(body);
    }

    @Test
    void numbersKeepTheirValueThoughNotTheirSpelling() {
        Message m = Message.create("t").withRawBody("[-0.5e-7, 1E+400, 12345678901234567890123]");

        Message back = roundTrip(m);

        assertThat(back).isEqualTo(m);
        assertThat(back.body().asJsonArray().getJsonNumber(0).bigDecimalValue())
                .isEqualByComparingTo(new java.math.BigDecimal("-0.00000005"));
        assertThat(back.body().asJsonArray().getJsonNumber(1).bigDecimalValue())
                .isEqualByComparingTo(new java.math.BigDecimal("1E+400"));
        assertThat(back.body().asJsonArray().getJsonNumber(2).bigIntegerValue())
                .isEqualTo(new java.math.BigInteger("12345678901234567890123"));
    }

    @Test
    void aOneMebibyteBodyRoundTrips() {
        StringBuilder big = new StringBuilder(1 << 20);
        Random random = new Random(7);
        while (big.length() < (1 << 20)) {
            big.append((char) ('a' + random.nextInt(26)));
        }
        Message m = Message.create("big").withBody(big.toString());

        Message back = roundTrip(m);

        assertThat(back).isEqualTo(m);
        assertThat(back.bind(String.class)).hasSize(1 << 20).isEqualTo(big.toString());
    }

    @Test
    void aBodyBindsToAGenericType() {
        List<Foo> foos = List.of(
                new Foo("a", 1, List.of("x", "😀"), Map.of()),
                new Foo("b", 2, List.of(), Map.of("child", new Foo("c", 3, List.of("y"), Map.of()))));
        Message m = Message.create("foos").withBody(foos);
        Type listOfFoo = new ArrayList<Foo>() { }.getClass().getGenericSuperclass();

        List<Foo> back = roundTrip(m).bind(listOfFoo);

        assertThat(back).isEqualTo(foos);
        assertThat(back.get(1).children().get("child").name()).isEqualTo("c");
    }

    @Test
    void errorEnvelopesRoundTrip() {
        ErrorMessage e = EnvelopeCodecGoldenTest.fullMessage().withHeader("H", TRICKY)
                .toError(ErrorDetail.unexpected(TRICKY));

        ErrorMessage back = roundTrip(e);

        assertThat(back).isEqualTo(e);
        assertThat(back.detail()).contains(ErrorDetail.unexpected(TRICKY));
        assertThat(roundTrip(Message.create("x").toError(null))).isEqualTo(Message.create("x").toError(null));
    }

    @Test
    void randomMessagesAndErrorEnvelopesRoundTrip() {
        Random random = new Random(20_261_125L);
        for (int i = 0; i < 400; i++) {
            Message m = randomMessage(random);
            String json = EnvelopeCodec.encode(m);

            assertThat(EnvelopeCodec.decodeMessage(json)).as("case %d: %s", i, json).isEqualTo(m);
            assertThat(EnvelopeCodec.encode(EnvelopeCodec.decodeMessage(json))).as("case %d", i).isEqualTo(json);

            ErrorMessage e = m.toError(random.nextBoolean() ? ErrorDetail.badRequest(randomString(random))
                    : randomJson(random, 2));
            assertThat(roundTrip(e)).as("error case %d", i).isEqualTo(e);
        }
    }

    private static Message randomMessage(Random r) {
        Message.Builder b = Message.builder()
                .id(randomString(r)).type(randomString(r)).channelId(randomString(r)).clientId(randomString(r))
                .correlationId(randomString(r)).appId(randomString(r)).userId(randomString(r))
                .timestamp(randomInstant(r))
                .expiration(r.nextBoolean() ? null : randomInstant(r))
                .body(r.nextInt(5) == 0 ? JsonValue.NULL : randomJson(r, 3));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            List<String> values = new ArrayList<>();
            for (int j = r.nextInt(3); j > 0; j--) {
                values.add(randomString(r));
            }
            headers.put(randomString(r), values);
        }
        return b.headers(headers).build();
    }

    private static Instant randomInstant(Random r) {
        long seconds = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond()
                + (long) (r.nextDouble() * (Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()));
        int nanos = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1000;
            default -> r.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static String randomString(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            int kind = r.nextInt(6);
            int cp = switch (kind) {
                case 0 -> 'a' + r.nextInt(26);
                case 1 -> r.nextInt(0x20);                      // control characters
                case 2 -> "\"\\/<>&'".charAt(r.nextInt(7));
                case 3 -> 0x00a0 + r.nextInt(0xd7ff - 0x00a0);   // BMP, no surrogates
                case 4 -> 0x1f300 + r.nextInt(0x300);           // emoji, outside the BMP
                default -> 0xe000 + r.nextInt(0xfffd - 0xe000);
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    private static JsonValue randomJson(Random r, int depth) {
        int kind = depth == 0 ? r.nextInt(5) : r.nextInt(7);
        switch (kind) {
            case 0:
                return Json.createValue(randomString(r));
            case 1:
                return Json.createValue(r.nextLong());
            case 2:
                return Json.createValue(new java.math.BigDecimal(r.nextGaussian()).round(
                        new java.math.MathContext(1 + r.nextInt(20))));
            case 3:
                return r.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
            case 4:
                return JsonValue.NULL;
            case 5: {
                JsonArrayBuilder a = Json.createArrayBuilder();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(randomJson(r, depth - 1));
                }
                return a.build();
            }
            default: {
                JsonObjectBuilder o = Json.createObjectBuilder();
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.add(randomString(r), randomJson(r, depth - 1));
                }
                return o.build();
            }
        }
    }
}
