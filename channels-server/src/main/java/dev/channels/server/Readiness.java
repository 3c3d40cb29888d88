package dev.channels.server;

import java.util.List;

/**
 * Whether a {@link ChannelServer} can serve traffic now ({@link ChannelServer#readiness()}), for an
 * operator's probe: ready when there is no problem.
 *
 * @param problems why it is not ready, one line each; empty when ready
 *
 * @since 0.1.0
 */
public record Readiness(List<String> problems) {

    /** Copies the list. */
    public Readiness {
        problems = List.copyOf(problems);
    }

    /** Whether there is no problem. */
    public boolean ready() {
        return problems.isEmpty();
    }
}
