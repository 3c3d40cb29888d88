package dev.channels.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The quick RFC 3339 reader and writer give what java.time gives, on generated and tricky times. */
class Rfc3339Test {

    @Test
    void formatsAsIsoInstantDoes() {
        Random random = new Random(15);
        for (int n = 0; n < 100_000; n++) {
            long second = random.nextLong(-70_000_000_000L, 300_000_000_000L);
            int nano = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nano);
            assertThat(Rfc3339.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
        assertThat(Rfc3339.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(Rfc3339.format(Instant.MAX)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(Instant.MAX));
        assertThat(Rfc3339.format(Instant.MIN)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(Instant.MIN));
    }

    @Test
    void readsWhatItWritesAndWhatGoWrites() {
        Random random = new Random(15);
        String[] offsets = {"Z", "z", "+00:00", "-00:00", "+01:00", "-07:30", "+14:00", "+17:59", "+18:00", "-18:00"};
        for (int n = 0; n < 100_000; n++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
                    random.nextInt(1_000_000_000));
            String s = Rfc3339.format(instant);
            assertThat(Rfc3339.parse(s)).isEqualTo(instant);
            // Go's RFC3339Nano: trailing zeros of the fraction dropped, any offset
            String go = s.replaceAll("(\\.\\d*?)0+Z$", "$1Z").replace(".Z", "Z");
            go = go.substring(0, go.length() - 1) + offsets[random.nextInt(offsets.length)];
            assertSameAsJavaTime(go);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T09:12:53.470827989Z", "2026-12-01t09:12:53z", "2024-02-29T00:00:00Z",
            "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
            "2026-12-00T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T23:60:00Z", "2026-12-01T23:59:60Z",
            "2026-12-01T09:12:53.Z", "2026-12-01T09:12:53.1234567890Z", "2026-12-01T09:12Z", "2026-12-01 09:12:53Z",
            "2026-12-01T09:12:53", "2026-12-01T09:12:53+0100", "2026-12-01T09:12:53+01", "2026-12-01T09:12:53+18:01",
            "2026-12-01T09:12:53+01:60", "+12026-12-01T09:12:53Z", "0000-01-01T00:00:00Z", "1900-02-29T00:00:00Z",
            "2000-02-29T00:00:00Z", "2026-12-01T09:12:53Zx", "2026-12-01T09:12:53.5+01:00", "2026-1a-01T00:00:00Z",
            "２０２６-12-01T00:00:00Z", "2026-12-01T09:12:53.000000000Z", "2026-12-01T09:12:53.-1Z"})
    void agreesWithJavaTimeOnTrickyInput(String s) {
        assertSameAsJavaTime(s);
    }

    @Test
    void badTimesFailAsJavaTimeFails() {
        assertThatThrownBy(() -> Rfc3339.parse("yesterday")).isInstanceOf(DateTimeParseException.class);
    }

    private static void assertSameAsJavaTime(String s) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(s.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> Rfc3339.parse(s)).as(s).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(Rfc3339.parse(s)).as(s).isEqualTo(expected);
    }
}
