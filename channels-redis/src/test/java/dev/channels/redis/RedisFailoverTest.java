package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 22 item 1: Redis that fails over under two server nodes, with real processes on loopback
 * ({@link RedisHa}): Sentinel (a primary, a replica, three sentinels) and a Redis Cluster (three
 * primaries, three replicas). A publisher on one node, kill -9 of the primary that serves the channel
 * mid-stream: delivery across the nodes resumes by itself; every publish that was acknowledged
 * reaches every member that stayed connected, in offset order, or that member was closed so that its
 * rejoin said {@code recovered=false}; nothing is duplicated.
 */
class RedisFailoverTest {

    @Test
    void sentinelFailoverUnderAPublisherLosesNothingSilentlyAndDuplicatesNothing() throws Exception {
        try (RedisHa ha = RedisHa.sentinel()) {
            FailoverRun.Result result = FailoverRun.run(ha, ha.uri(), "ha-sentinel");
            check("sentinel", result);
        }
    }

    @Test
    void clusterPrimaryOfTheChannelsSlotKilledUnderAPublisherLosesNothingSilentlyAndDuplicatesNothing() throws Exception {
        try (RedisHa ha = RedisHa.cluster()) {
            // nodes given several seeds: any node of the cluster will do
            FailoverRun.Result result = FailoverRun.run(ha, ha.seedsUri(), "ha-cluster");
            check("cluster", result);
        }
    }

    private static void check(String what, FailoverRun.Result result) {
        System.getLogger(RedisFailoverTest.class.getName()).log(System.Logger.Level.INFO, "{0} failover: {1}", what, result);
        for (FailoverRun.Outcome m : result.members()) {
            assertThat(m.duplicated()).as("%s: duplicates", m).isZero();
            assertThat(m.inOrder()).as("%s: offset order", m).isTrue();
            if (m.missing() > 0) {
                assertThat(m.rejoins()).as("%s missed acknowledged publishes: it must have been closed", m).isPositive();
                assertThat(m.lastRejoinRecovered()).as("%s: its rejoin says recovered=false", m).isFalse();
            }
        }
    }
}
