package dev.channels.it.modulepath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo server and a client, each in a JVM of its own with only a module path (no class path):
 * a wrong module-info (a missing {@code requires}, {@code exports} or service) fails the boot layer
 * or the first call, and so this test.
 */
class ModulePathDemoTest {

    private static final Pattern LISTENING = Pattern.compile("listening on ws://localhost:(\\d+)(/\\S*)/");

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aModulePathClientJoinsTheModulePathDemoServerAndGetsItsReplies() throws Exception {
        String modulePath = modulePath();
        // no --add-opens: the runner's raw frames reach no other module's internals
        Output server = start(List.of("-m", "dev.channels.demo/dev.channels.demo.DemoServer", "--port", "0"), modulePath);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(server.find(LISTENING))
                        .as("the demo server's start-up line; output so far: %s", server.lines).isPresent());
        Matcher listening = server.find(LISTENING).orElseThrow();
        String base = "ws://localhost:" + listening.group(1) + listening.group(2);

        Output client = start(List.of("-m", "dev.channels.it.modulepath/dev.channels.it.modulepath.ModulePathClient",
                base), modulePath);
        assertThat(client.process.waitFor(90, TimeUnit.SECONDS)).as("client finished; output: %s", client.lines).isTrue();
        client.drained.join(10_000);

        assertThat(client.process.exitValue()).as("client exit status; output: %s", client.lines).isZero();
        // The client logs through System.Logger (one "INFO: <what it saw>" line each) on its merged output.
        assertThat(client.lines).as("client output")
                .anySatisfy(l -> assertThat(l).contains("module dev.channels.client from dev.channels.it.modulepath, joined as "))
                .anySatisfy(l -> assertThat(l).endsWith("echo: ping"))
                .anySatisfy(l -> assertThat(l).endsWith("record: true"))
                .anySatisfy(l -> assertThat(l).endsWith("chat: hello"));
        assertThat(server.process.isAlive()).as("server still running; output: %s", server.lines).isTrue();
        assertThat(server.lines).noneMatch(l -> l.contains("Exception"));
        assertThat(server.lines).noneMatch(l -> l.contains("raw frames unavailable"));
    }

    /** The run-time dependencies as resolved by Maven, plus this module's own classes. */
    private static String modulePath() throws IOException {
        String dependencies = Files.readString(Path.of(System.getProperty("channels.module-path.file"))).trim();
        return System.getProperty("channels.module-path.classes") + java.io.File.pathSeparator + dependencies;
    }

    private Output start(List<String> args, String modulePath) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--module-path");
        command.add(modulePath);
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process);
        return new Output(process);
    }

    /** A child process and every line it wrote (stdout and stderr), read by a thread of its own. */
    private static final class Output {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Thread drained;

        Output(Process process) {
            this.process = process;
            this.drained = new Thread(this::drain, "module-path-output-" + process.pid());
            drained.setDaemon(true);
            drained.start();
        }

        private void drain() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output unreadable: " + e + ")");
            }
        }

        Optional<Matcher> find(Pattern pattern) {
            return lines.stream().map(pattern::matcher).filter(Matcher::find).findFirst();
        }
    }
}
