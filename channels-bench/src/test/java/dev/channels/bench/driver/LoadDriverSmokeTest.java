package dev.channels.bench.driver;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short run of the real driver against the real bench server in its own JVM, over loopback:
 * every workload at tiny sizes on every target. It asserts what must hold at any speed (nothing
 * lost, registries empty), never how fast.
 */
class LoadDriverSmokeTest {

    @Test
    void everyWorkloadRunsEndToEndWithoutLoss() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            LoadDriver.run(new DriverOptions(
                    "--targets", SmokeTargets.TARGETS,
                    "--baseline-classpath", System.getProperty("java.class.path"),
                    "--server-heap", "256m",
                    "--members", "10", "--messages", "100", "--fixed-seconds", "1",
                    "--clients", "5", "--in-flight", "2", "--seconds", "1",
                    "--connections", "40",
                    "--churn-seconds", "2", "--churners", "3", "--churn-channels", "2", "--churn-stable", "2",
                    "--churn-rate", "100"), out);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        List<String> results = lines.stream().filter(l -> l.startsWith("{")).collect(Collectors.toList());
        int targets = SmokeTargets.TARGETS.split(",").length;

        List<String> fanout = results.stream().filter(l -> l.contains("\"workload\":\"fanout\"")).toList();
        assertThat(fanout).hasSize(targets).allSatisfy(l -> {
            assertThat(l).contains("\"lost\":0,", "\"outOfOrder\":0", "\"expectedDeliveries\":");
            assertThat(Frames.seq(l.replace("\"expectedDeliveries\":", "\"seq\":")))
                    .isEqualTo(Frames.seq(l.replace("\"receivedDeliveries\":", "\"seq\":")))
                    .isGreaterThanOrEqualTo(10L * 100);
        });
        assertThat(results.stream().filter(l -> l.contains("\"workload\":\"request-reply\"")))
                .hasSize(targets).allSatisfy(l -> assertThat(l).contains("\"lost\":0"));
        // the common-rate pass: every target once more, all at the same offered rate
        List<String> common = results.stream().filter(l -> l.contains("\"workload\":\"request-reply-common\"")).toList();
        assertThat(common).hasSize(targets).allSatisfy(l -> assertThat(l).contains("\"lost\":0", "\"latency\":{",
                "\"latencyFromActualSend\":{", "\"sendLag\":{"));
        assertThat(common.stream().map(l -> l.replaceAll(".*\"offeredPerSec\":([0-9.E]+).*", "$1")).distinct())
                .hasSize(1);
        assertThat(results.stream().filter(l -> l.contains("\"workload\":\"connections\"")))
                .hasSize(targets).allSatisfy(l -> assertThat(l).contains("\"registriesEmpty\":true",
                        "\"heapBytesPerConnection\":"));
        assertThat(results.stream().filter(l -> l.contains("\"workload\":\"churn\"")))
                .hasSize(targets).allSatisfy(l -> assertThat(l).contains("\"registriesEmpty\":true",
                        "\"stableLost\":0,", "\"failedJoins\":0"));
        assertThat(lines.stream().filter(l -> l.startsWith("# fanout"))).hasSize(targets);
        assertThat(results.stream().filter(l -> l.contains("\"workload\":\"fanout\"")))
                .allSatisfy(l -> assertThat(l).contains("\"serverCpuMicrosPerDelivery\":"));
        assertThat(results.stream().filter(l -> l.contains("\"workload\":\"request-reply\"")))
                .allSatisfy(l -> assertThat(l).contains("\"serverCpuMicrosPerReply\":"));
        assertThat(results.stream().filter(l -> l.contains("\"workload\":\"connections\"")))
                .allSatisfy(l -> assertThat(l).contains("\"rssBytesPerConnection\":"));
    }
}
