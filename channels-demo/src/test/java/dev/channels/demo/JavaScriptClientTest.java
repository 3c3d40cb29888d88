package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs channels-js's tests against the real demo server: the Node client ({@code ws}) and the demo
 * chat page in headless Chromium ({@code channels-js/test/server/}). They live in channels-js but
 * need the Java demo server, and the demo server serves channels-js, so this module (which has both)
 * runs them: {@code npm run test:server} with this JVM's test class path, from which each test starts
 * {@link DemoServer} (on its default runner) in a child JVM on a free port (and restarts it for the
 * recovery test).
 *
 * <p>Needs Node 20+ and npm (channels-js's build already required them) and Chromium
 * ({@code /usr/bin/chromium}, Debian package {@code chromium}; another binary through the
 * {@code CHROMIUM} environment variable). The output goes to {@code target/js-server-tests.log}.
 */
class JavaScriptClientTest {

    private static final Path CHANNELS_JS = Path.of("..", "channels-js").toAbsolutePath().normalize();

    @Test
    void nodeClientAndBrowserPageAgainstTheDemoServer() throws IOException, InterruptedException {
        assertThat(CHANNELS_JS.resolve("node_modules")).as("channels-js built by Maven (npm ci)").isDirectory();
        Path log = Path.of("target", "js-server-tests.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder npm = new ProcessBuilder(List.of(npm(), "run", "--silent", "test:server"))
                .directory(CHANNELS_JS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        npm.environment().put("CHANNELS_CLASSPATH", System.getProperty("java.class.path"));
        npm.environment().put("CHANNELS_JAVA",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        npm.environment().put("CHANNELS_SCREENSHOT", Path.of("target", "browser-demo.png").toAbsolutePath().toString());
        Process process = npm.start();
        boolean ended = process.waitFor(15, TimeUnit.MINUTES);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("npm run test:server ended within 15 minutes; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("npm run test:server exit code; output (also in %s):%n%s", log, output)
                .isZero();
        assertThat(output).contains("# fail 0");
    }

    private static String npm() {
        return File.separatorChar == '\\' ? "npm.cmd" : "npm";
    }
}
