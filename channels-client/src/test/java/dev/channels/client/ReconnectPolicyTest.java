package dev.channels.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    @Test
    void offByDefaultAndTheSeedsDefaultsWhenOn() {
        assertThat(ReconnectPolicy.none().enabled()).isFalse();
        ReconnectPolicy p = ReconnectPolicy.defaults();
        assertThat(p.allows(3)).isTrue();
        assertThat(p.allows(4)).isFalse();
        assertThat(p.delayBefore(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.delayBefore(3)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void foreverAllowsEveryAttempt() {
        assertThat(ReconnectPolicy.forever(Duration.ofSeconds(1)).allows(1_000_000)).isTrue();
    }

    @Test
    void backoffGrowsUpToTheCap() {
        ReconnectPolicy p = ReconnectPolicy.forever(Duration.ofMillis(100)).withBackoff(2.0, Duration.ofMillis(500), 0.0);
        assertThat(p.delayBefore(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.delayBefore(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.delayBefore(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.delayBefore(4)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.delayBefore(60)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void jitterSpreadsWithinTheFraction() {
        ReconnectPolicy p = ReconnectPolicy.attempts(5, Duration.ofMillis(1000)).withBackoff(1.0, Duration.ofMillis(1000), 0.2);
        for (int i = 0; i < 200; i++) {
            assertThat(p.delayBefore(1).toMillis()).isBetween(800L, 1200L);
        }
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> ReconnectPolicy.attempts(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReconnectPolicy.forever(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReconnectPolicy.none().withBackoff(2, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ReconnectPolicy.defaults().withBackoff(0.5, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
