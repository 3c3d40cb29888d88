package dev.channels.api.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * RFC 3339 times, read and written without {@link DateTimeFormatter} for the forms that are on the
 * wire nearly always: {@code 2026-12-01T09:12:53.470827989Z} as we write it, and Go's
 * {@code time.RFC3339Nano} ({@code 2026-12-01T10:12:53.4708Z} or with an offset {@code +01:00}). On
 * the request path, {@code DateTimeFormatter} parsing cost about as much as the rest of the decode
 * (the JFR profile of issue 15). Anything else (other precision, other layout, a date out of range)
 * goes to {@code java.time}, which decides; so the result is always the one {@code java.time} gives.
 * {@code Rfc3339Test} checks that on generated times. Stateless; thread-safe.
 *
 * <p>Not part of the public API.
 *
 * @since 0.1.0
 */
public final class Rfc3339 {

    private static final int SECONDS_PER_DAY = 86_400;

    private Rfc3339() {
    }

    /**
     * The instant {@code s} names; {@code s} is RFC 3339 with any precision and offset, {@code t} and
     * {@code z} in either case.
     *
     * @throws DateTimeParseException if it is not such a time
     */
    public static Instant parse(String s) {
        Instant fast = parseCommon(s);
        if (fast != null) {
            return fast;
        }
        // RFC 3339 allows lower-case 't' and 'z'; java.time wants upper case. Copy only then.
        String iso = s.indexOf('t') >= 0 || s.indexOf('z') >= 0 ? s.toUpperCase(Locale.ROOT) : s;
        return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+HH:MM|-HH:MM)} with every field in range, else null. */
    private static Instant parseCommon(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int first = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            int count = i - first;
            if (count < 1 || count > 9) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char zone = s.charAt(i);
        if ((zone == 'Z' || zone == 'z') && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((zone == '+' || zone == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 17 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (zone == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochSecond = epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second
                - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int mp = (month + 9) % 12;
        int doy = (153 * mp + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }

    /**
     * {@code instant} as RFC 3339 in UTC with as many fraction digits as it needs, in groups of three:
     * exactly what {@link DateTimeFormatter#ISO_INSTANT} writes, which it falls back to outside the
     * years 0000 to 9999.
     */
    public static String format(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        long epochDay = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        // civil_from_days
        long z = epochDay + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        int doe = (int) (z - era * 146_097L);
        int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int mp = (5 * doy + 2) / 153;
        int day = doy - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        int nanos = instant.getNano();
        char[] out = new char[30];
        put(out, 0, (int) year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        int len = 19;
        if (nanos != 0) {
            out[len++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(out, len, nanos / 1_000_000, 3);
                len += 3;
            } else if (nanos % 1000 == 0) {
                put(out, len, nanos / 1000, 6);
                len += 6;
            } else {
                put(out, len, nanos, 9);
                len += 9;
            }
        }
        out[len++] = 'Z';
        return new String(out, 0, len);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
