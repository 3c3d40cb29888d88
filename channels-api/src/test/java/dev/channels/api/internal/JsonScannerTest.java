package dev.channels.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scan accepts exactly what JSON-P (Parsson, with its default limits) accepts, and a value read
 * raw equals the value JSON-P reads: on tricky inputs and on random JSON with random damage.
 */
class JsonScannerTest {

    static Stream<String> tricky() {
        List<String> cases = new ArrayList<>(List.of(
                "", " ", "0", "-0", "01", "-01", "-", "1.", ".5", "1e", "1e+", "1E-", "+1", "1E5", "1e05", "0.0",
                "-0.0e0", "1.0e-05", "2.", "1.5.2", "1e1.0", "00", "0x1", "NaN", "Infinity", "-Infinity",
                "tru", "true", "truex", "nul", "null", "nulll", "false", "fals", "True",
                "[]", "[ ]", "[1,]", "[,1]", "[1 2]", "[-]", "[--1]", "[1,,2]", "[", "]", "[1", "[[]",
                "{}", "{ }", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}",
                "{\"a\":1}{}", "{\"a\":1,\"a\":2}", "{\"a\" : 1 }", "{\"\":0}", "{1:1}", "{\"a\":1 \"b\":2}",
                "\"\"", "\"", "\"abc", "\"\\x\"", "\"\\u12G4\"", "\"\\u12\"", "\"\\u00e9\"", "\"\\/\"",
                "\"\\\"\"", "\"a\u0001b\"", "\"a\tb\"", "\"a\u007fb\"", "\"\ud800\"", "\"\\ud800\"", "\"\\udc00x\"",
                "\"\ud83d\ude00\"", "\u00a01", "\ufeff1", "1 ", " [ ] ", "\n\r\t1\n", "1x", "tr ue", "[true false]",
                "[1e1,2E+2,3e-3,-4.5E+06]", "{\"a\":{\"b\":[true,false,null,{}]}}", "\"\\b\\f\\n\\r\\t\"",
                "9".repeat(JsonScanner.MAX_NUMBER_LENGTH), "9".repeat(JsonScanner.MAX_NUMBER_LENGTH + 1),
                "-" + "9".repeat(JsonScanner.MAX_NUMBER_LENGTH - 1), "-" + "9".repeat(JsonScanner.MAX_NUMBER_LENGTH),
                "0." + "1".repeat(JsonScanner.MAX_NUMBER_LENGTH - 2), "0." + "1".repeat(JsonScanner.MAX_NUMBER_LENGTH - 1),
                "[" + "9".repeat(2000) + "]", "1e999999999", "[1e-999999999]", "1e12345678901", "1e00000000005",
                "1e2147483647", "1e2147483648", "0.5e-2147483648", "1e-2147483649"));
        for (int depth : new int[] {JsonScanner.MAX_DEPTH - 1, JsonScanner.MAX_DEPTH, JsonScanner.MAX_DEPTH + 1}) {
            cases.add("[".repeat(depth) + "]".repeat(depth));
            cases.add("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
            cases.add("[".repeat(depth)); // unclosed
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("tricky")
    void acceptsWhatJsonPAcceptsOnTrickyInput(String text) {
        assertAgreesWithJsonP(text);
    }

    @Test
    void acceptsWhatJsonPAcceptsOnRandomDamagedJson() {
        Random random = new Random(15);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder json = new StringBuilder();
            randomValue(random, json, 0);
            String text = json.toString();
            assertAgreesWithJsonP(text);
            int damages = random.nextInt(3);
            StringBuilder damaged = new StringBuilder(text);
            for (int d = 0; d < damages && damaged.length() > 0; d++) {
                int at = random.nextInt(damaged.length());
                String alphabet = "{}[]\",:\\ 0123456789.eE+-tfnrul\"a\u0001\u00e9\ud800";
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> damaged.deleteCharAt(at);
                    case 1 -> damaged.insert(at, c);
                    default -> damaged.setCharAt(at, c);
                }
            }
            assertAgreesWithJsonP(damaged.toString());
        }
    }

    @Test
    void theRawValueKeepsItsTextAndReadsAsJsonPReadsIt() {
        String text = "{\"n\":1e2,\"z\":-0,\"s\":\"\\u00e9\",\"d\":1.50, \"a\" : [ 1E-7 ,true]}";
        JsonValue raw = RawJson.parse("  " + text + "\n");

        assertThat(raw.toString()).isEqualTo(text);
        assertThat(raw.getValueType()).isEqualTo(JsonValue.ValueType.OBJECT);
        assertThat(raw.asJsonObject().getString("s")).isEqualTo("\u00e9");
        assertThat(raw.asJsonObject().getJsonNumber("n").intValue()).isEqualTo(100);
        assertThat(raw).isEqualTo(JsonSupport.parse(text)).hasSameHashCodeAs(JsonSupport.parse(text));
        assertThat(JsonSupport.parse(text)).isEqualTo(raw);
        assertThat(RawJson.parse("-0").toString()).isEqualTo("-0");
        assertThat(RawJson.parse("1e2")).isEqualTo(JsonSupport.parse("1e2"));
        assertThat(((JsonString) RawJson.parse("\"a\\n\\u00e9\\ud800\"")).getString()).isEqualTo("a\n\u00e9\ud800");
        assertThat(RawJson.parse("[1, 2]").asJsonArray()).hasSize(2).isEqualTo(JsonSupport.parse("[1,2]"));
        assertThat(RawJson.parse("null")).isSameAs(JsonValue.NULL);
    }

    @Test
    void errorsSayWhereTheTextIsWrong() {
        assertThatThrownBy(() -> JsonScanner.checkSingleValue("not json"))
                .hasMessage("unexpected character 'o' at offset 1, expecting 'null'");
        assertThatThrownBy(() -> JsonScanner.checkSingleValue("{\"a\":1"))
                .hasMessage("unexpected end of text at offset 6, expecting ',' or '}'");
        assertThatThrownBy(() -> JsonScanner.checkSingleValue("[1] 2"))
                .hasMessage("unexpected text after the JSON value at offset 4");
    }

    private static void assertAgreesWithJsonP(String text) {
        JsonValue expected = jsonP(text);
        JsonValue actual;
        try {
            actual = RawJson.parse(text);
        } catch (JsonScanner.JsonSyntaxException e) {
            actual = null;
        }
        if (expected == null) {
            assertThat(actual == null).as("scan accepts what JSON-P refuses: %s", abbreviate(text)).isTrue();
            return;
        }
        assertThat(actual != null).as("scan refuses what JSON-P accepts: %s", abbreviate(text)).isTrue();
        assertThat(actual.toString()).isEqualTo(text.strip());
        boolean equal;
        try {
            equal = actual.equals(expected);
        } catch (NumberFormatException e) {
            // a number such as 1e2000000000000: JSON-P reads it but cannot make it a BigDecimal either
            assertThatThrownBy(() -> expected.equals(JsonSupport.parse(text))).isInstanceOf(NumberFormatException.class);
            return;
        }
        assertThat(equal).as("raw value of %s equals JSON-P's", abbreviate(text)).isTrue();
    }

    private static JsonValue jsonP(String text) {
        try {
            return JsonSupport.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        String shown = s.length() <= 120 ? s : s.substring(0, 120) + "... (" + s.length() + " chars)";
        StringBuilder out = new StringBuilder();
        shown.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("<U+%04X>", c)));
        return out.toString();
    }

    private static void randomValue(Random r, StringBuilder out, int depth) {
        int kind = depth > 4 ? 3 + r.nextInt(4) : r.nextInt(7);
        switch (kind) {
            case 0, 1 -> {
                out.append(r.nextBoolean() ? "{" : "{ ");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(r.nextBoolean() ? "," : " , ");
                    }
                    randomString(r, out);
                    out.append(r.nextBoolean() ? ":" : " :\n");
                    randomValue(r, out, depth + 1);
                }
                out.append('}');
            }
            case 2 -> {
                out.append('[');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    randomValue(r, out, depth + 1);
                }
                out.append(']');
            }
            case 3 -> randomString(r, out);
            case 4 -> {
                String[] numbers = {"0", "-0", "1e2", "1E+2", "-12.50", "3.25e-7", "123456789012345678901234567890",
                        "0.000", "7E0"};
                out.append(numbers[r.nextInt(numbers.length)]);
            }
            case 5 -> out.append(new String[] {"true", "false", "null"}[r.nextInt(3)]);
            default -> out.append(r.nextInt(1000) - 500);
        }
    }

    private static void randomString(Random r, StringBuilder out) {
        String[] pieces = {"a", "hello", "\\n", "\\u00e9", "\\\"", "\\\\", "\\/", "\u00e9", "\ud83d\ude00", "\\ud800", " "};
        out.append('"');
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.append(pieces[r.nextInt(pieces.length)]);
        }
        out.append('"');
    }
}
