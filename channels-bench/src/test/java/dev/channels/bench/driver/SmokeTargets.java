package dev.channels.bench.driver;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The targets the smoke test drives: raw and ours always; ours-before (a second bench server JVM, here on
 * the test's own class path, so the baseline path of the driver runs); and the Socket.IO peer when
 * {@code node} and {@code npm} are on the path (CI installs them for channels-js).
 */
final class SmokeTargets {
    static final String TARGETS = "raw,ours,ours-before" + (nodeAvailable() ? ",socketio" : "");

    private SmokeTargets() {
    }

    static boolean nodeAvailable() {
        return runs("node", "--version") && runs("npm", "--version");
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
