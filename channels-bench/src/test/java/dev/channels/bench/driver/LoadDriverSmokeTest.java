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
 * every workload at tiny sizes on every target (the big room: 40 members in one channel over two loopback
 * addresses, 3 broadcasts one at a time). It asserts what must hold at any speed (nothing lost, registries
 * empty), never how fast.
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
                    "--workloads", "fanout,request-reply,connections,big-room,churn",
                    "--room-members", "40", "--room-rounds", "3", "--room-warmup", "1",
                    "--hosts", "127.0.0.1,127.0.0.2",
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
        // big room: 40 members in one channel (over two loopback addresses), 1 + 3 broadcasts one at a time
        assertThat(results.stream().filter(l -> l.contains("\"workload\":\"big-room\"")))
                .hasSize(targets).allSatisfy(l -> {
                    assertThat(l).contains("\"joined\":40,", "\"joinFailures\":0", "\"completeRounds\":3,",
                            "\"expectedDeliveries\":160,", "\"receivedDeliveries\":160,", "\"lost\":0,",
                            "\"outOfOrder\":0", "\"registriesEmpty\":true", "\"heapBytesPerConnection\":",
                            "\"rssBytesPerConnection\":", "\"serverCpuMicrosPerDelivery\":");
                });
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
