package dev.channels.bench.server.jetty;

import dev.channels.bench.server.RunnerRuntime;
import dev.channels.server.jetty.JettyChannelServer;

/**
 * The production Jetty runner ({@link JettyChannelServer} of channels-jetty: Jetty 12 ee10 with its
 * own Jakarta WebSocket implementation), so the bench measures what ships: on every interface, with
 * the runner's defaults otherwise (its hardening, Jetty's default thread pool size); the raw ceiling
 * and admin endpoints are served beside the channel endpoint.
 */
public final class JettyRuntime extends RunnerRuntime<JettyChannelServer> {

    /** The Jetty runner, with its defaults but for the host (every interface). */
    public JettyRuntime() {
        super("the Jetty runner", JettyChannelServer::start, JettyChannelServer::port);
    }
}
