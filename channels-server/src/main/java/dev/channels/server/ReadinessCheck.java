package dev.channels.server;

import java.util.Optional;

/**
 * One condition a {@link ChannelServer} needs to serve traffic, beyond its own (not closed, scheduler
 * running): a cluster engine's connection, a database. Registered with
 * {@link ChannelServer.Builder#readinessCheck}; called by {@link ChannelServer#readiness()} on the
 * caller's thread, so keep it quick and non-blocking (report a state another thread keeps up to date).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ReadinessCheck {

    /** Why the server is not ready, or empty when this condition holds. */
    Optional<String> problem();
}
