package dev.channels.bench.driver;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny run of the driver's session target ({@code ours-sessions}: members on sessions that send
 * {@code channel.join}) beside ours, on the standalone runner: fan-out loses nothing and comes out in
 * order on both, the sessions' line carries its ratio to the channel connections, and join-many reports
 * both ways of joining. Never how fast.
 */
class SessionTargetSmokeTest {

    @Test
    void membersOnSessionsGetEveryMessageAndJoinManyReportsBoth() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            LoadDriver.run(new DriverOptions(
                    "--workloads", "fanout,join-many,request-reply",
                    "--targets", "ours,ours-sessions",
                    "--runtime", "standalone",
                    "--server-heap", "256m",
                    "--members", "10", "--messages", "100", "--fixed-seconds", "1",
                    "--clients", "2", "--in-flight", "1", "--seconds", "1",
                    "--join-channels", "10", "--join-rounds", "1"), out);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> fanout = lines.stream().filter(l -> l.startsWith("{") && l.contains("\"workload\":\"fanout\"")).toList();
        assertThat(fanout).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"lost\":0,", "\"outOfOrder\":0"));
        assertThat(fanout.get(1)).contains("\"target\":\"ours-sessions\"", "\"deliveriesRatioToChannels\":");
        List<String> joins = lines.stream().filter(l -> l.startsWith("{") && l.contains("\"workload\":\"join-many\"")).toList();
        assertThat(joins).hasSize(2);
        assertThat(joins.get(1)).contains("\"target\":\"ours-sessions\"", "\"channels\":10", "\"medianRatioToChannels\":");
        // the workloads of channel connections only run on ours, and say they skipped the session target
        assertThat(lines.stream().filter(l -> l.startsWith("{") && l.contains("\"workload\":\"request-reply\""))).hasSize(1);
        assertThat(lines).contains("# request-reply: skips ours-sessions (fanout and join-many only)");
    }
}
