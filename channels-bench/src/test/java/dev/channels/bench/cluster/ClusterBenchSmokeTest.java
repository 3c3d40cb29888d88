package dev.channels.bench.cluster;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short run of the real cluster bench: a real {@code redis-server}, three bench server JVMs, tiny sizes.
 * It asserts what must hold at any speed (every member of both groups got every message once and in order,
 * no member was closed, the memory figure retained what it should), never how fast. The Redis command
 * timeout is raised to 30 s so that a starved machine does not look like a Redis outage (the engine's
 * outage tests cover that behaviour).
 */
class ClusterBenchSmokeTest {

    @Test
    void bothGroupsGetEveryMessageAndTheMemoryFigureIsMeasured() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ClusterBench.run(ClusterBench.options("--members", "6", "--messages", "60", "--rounds", "2",
                    "--fixed-seconds", "1", "--server-heap", "256m", "--redis-timeout", "30s",
                    "--memory-channels", "3", "--memory-history", "50"), out);
        }
        List<String> results = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();

        assertThat(results.stream().filter(l -> l.contains("\"workload\":\"cluster-fanout\"")))
                .hasSize(4)
                .anySatisfy(l -> assertThat(l).contains("\"target\":\"redis-2-nodes\"", "\"split\":\"3/3\""))
                .allSatisfy(l -> assertThat(l).contains("\"complete\":true").doesNotContain("\"complete\":false"));
        assertThat(results.stream().filter(l -> l.contains("\"workload\":\"cluster-fanout-summary\"")))
                .singleElement().satisfies(l -> assertThat(l).contains(
                        "\"memory-1-node\":{\"expectedDeliveries\":", "\"lost\":0,\"outOfOrder\":0,\"closedByServer\":0}",
                        "\"lost\":0,\"outOfOrder\":0,\"loadAverage\""))
                .satisfies(l -> assertThat(l.split("\"lost\":0,\"outOfOrder\":0,\"closedByServer\":0\\}", -1)).hasSize(3));
        assertThat(results.stream().filter(l -> l.contains("\"workload\":\"cluster-redis-memory\"")))
                .singleElement().satisfies(l -> assertThat(l).contains("\"retainedMessages\":150,", "\"streamLength\":50,"));
    }
}
