package dev.channels.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The kernel's view of TCP connections on Linux ({@code /proc/net/tcp} and {@code tcp6}): lets a
 * test see whether the server still holds a connection open, as {@code ss} would show an operator,
 * without reading from it (reading would drain the queue the server is stuck on).
 */
public final class TcpTable {

    private static final String ESTABLISHED = "01";
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private TcpTable() {
    }

    /** Whether the kernel tables can be read here (Linux). */
    public static boolean available() {
        return Files.isReadable(TABLES.get(0));
    }

    /** Whether a connection from local port {@code localPort} to remote port {@code remotePort} is ESTABLISHED. */
    public static boolean isEstablished(int localPort, int remotePort) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X", localPort);
        String remote = String.format(Locale.ROOT, ":%04X", remotePort);
        for (Path table : TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(local) && f[2].endsWith(remote) && f[3].equals(ESTABLISHED)) {
                    return true;
                }
            }
        }
        return false;
    }
}
