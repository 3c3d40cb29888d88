package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.redis.DeliveryProbe.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The probe's rules on their own ({@link DeliveryProbe}): when a missing probe means silence, and when not. */
class DeliveryProbeRulesTest {

    private static final long S = Duration.ofSeconds(1).toNanos();

    @Test
    void aProbeThatComesBackIsFollowedByTheNextOne() {
        DeliveryProbe probe = new DeliveryProbe("n1", Duration.ofSeconds(10));
        long t = System.nanoTime();
        assertThat(probe.tick(t)).isEqualTo(Action.SEND);
        assertThat(probe.payload()).isEqualTo("n1:1");
        probe.published(1);
        probe.received("n2:1"); // another node's probe: not ours
        probe.received("n1:1");
        assertThat(probe.tick(t + 10 * S)).isEqualTo(Action.SEND);
        assertThat(probe.payload()).isEqualTo("n1:2");
        assertThat(probe.stalls()).isZero();
    }

    @Test
    void aPublishedProbeThatDoesNotComeBackOnAQuietConnectionIsSilenceButNotOnABusyOne() {
        DeliveryProbe probe = new DeliveryProbe("n1", Duration.ofSeconds(10));
        long t = System.nanoTime();
        assertThat(probe.tick(t)).isEqualTo(Action.SEND);
        assertThat(probe.tick(t + 11 * S)).as("Redis has not answered the PUBLISH yet").isEqualTo(Action.WAIT);
        probe.published(1);
        probe.activity(); // other messages still arrive (a backlog ahead of the probe)
        assertThat(probe.tick(t + 2 * S)).as("too early").isEqualTo(Action.WAIT);
        assertThat(probe.tick(t + 6 * S)).as("busy, not silent").isEqualTo(Action.WAIT);
        assertThat(probe.tick(t + 11 * S)).isEqualTo(Action.SILENT);
        assertThat(probe.stalls()).isEqualTo(1);
        probe.reset(); // a fresh connection: the lost probe is not waited for
        assertThat(probe.tick(t + 12 * S)).isEqualTo(Action.SEND);
    }

    /** On a Redis Cluster a probe goes out on every shard's path: back only when back on all, and one shard's traffic excuses no other. */
    @Test
    void aProbeOnSeveralPathsIsBackWhenBackOnAllAndAnotherPathsTrafficIsNoExcuse() {
        DeliveryProbe probe = new DeliveryProbe("n1", Duration.ofSeconds(10));
        probe.paths(java.util.Set.of("a", "b"));
        long t = System.nanoTime();
        assertThat(probe.tick(t)).isEqualTo(Action.SEND);
        probe.published(1);
        probe.received("a", "n1:1");
        probe.received("b", "n1:1");
        assertThat(probe.tick(t + 10 * S)).as("back on both paths").isEqualTo(Action.SEND);
        probe.published(2);
        probe.received("a", "n1:2");
        probe.activity("a"); // shard a is busy; shard b is silent
        assertThat(probe.tick(t + 21 * S)).isEqualTo(Action.SILENT);
        assertThat(probe.stalls()).isEqualTo(1);
    }
}
