package dev.channels.bench.driver;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code --common-rate} flag: which one rate every request-reply target gets in the common-rate pass. */
class CommonRateTest {

    private static Map<Target, Double> maxima() {
        Map<Target, Double> m = new LinkedHashMap<>();
        m.put(Target.RAW, 27_975.0);
        m.put(Target.OURS, 29_974.0);
        m.put(Target.of("socketio"), 20_336.0);
        return m;
    }

    @Test
    void slowestIsTheFractionOfTheSlowestTargetsMaximum() {
        RequestReplyWorkload.CommonRate rate = RequestReplyWorkload.CommonRate.of("slowest", 0.5, maxima());

        assertThat(rate.perSec()).isEqualTo(10_168.0);
        assertThat(rate.basis()).isEqualTo("50% of the slowest max (socketio, 20336/s)");
    }

    @Test
    void aNumberIsTakenAsGiven() {
        assertThat(RequestReplyWorkload.CommonRate.of(" 8000 ", 0.5, maxima()))
                .isEqualTo(new RequestReplyWorkload.CommonRate(8000, "explicit"));
    }

    @Test
    void aNumberOrSlowestIsTheNumberWhenEveryTargetReachesIt() {
        assertThat(RequestReplyWorkload.CommonRate.of("15000-or-slowest", 0.5, maxima()))
                .isEqualTo(new RequestReplyWorkload.CommonRate(15_000, "explicit"));
    }

    @Test
    void aNumberOrSlowestFallsBackToTheSlowestWhenATargetCannotReachIt() {
        RequestReplyWorkload.CommonRate rate = RequestReplyWorkload.CommonRate.of("25000-or-slowest", 0.5, maxima());

        assertThat(rate.perSec()).isEqualTo(10_168.0);
        assertThat(rate.basis()).isEqualTo("25000/s is over socketio's max, so 50% of the slowest max (socketio, 20336/s)");
    }

    @Test
    void offSkipsThePass() {
        assertThat(RequestReplyWorkload.CommonRate.of("off", 0.5, maxima())).isNull();
    }

    @Test
    void anythingElseIsAClearError() {
        for (String bad : new String[] {"fast", "0", "-5", "NaN", "Infinity", "", "x-or-slowest", "0-or-slowest"}) {
            assertThatThrownBy(() -> RequestReplyWorkload.CommonRate.of(bad, 0.5, maxima()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--common-rate must be slowest, off, a rate > 0")
                    .hasMessageContaining("'" + bad + "'");
            assertThatThrownBy(() -> RequestReplyWorkload.CommonRate.validate(bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
