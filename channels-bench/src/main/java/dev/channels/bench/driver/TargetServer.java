package dev.channels.bench.driver;

import java.util.List;

/**
 * One server the driver talks to: its addresses ({@code ws://host:port}, connections spread over
 * them), its admin (null when it has none) and its process (null when the driver targets a given
 * {@code --url}).
 */
record TargetServer(ServerKind kind, List<String> baseUrls, ServerAdmin admin, ServerProcess process) {
}
