package dev.channels.bench.server;

import dev.channels.server.standalone.StandaloneServer;

/**
 * The channels standalone runner ({@link StandaloneServer}: Tyrus on a Grizzly listener of its own, with
 * its hardening) on every interface, the raw and admin endpoints deployed beside the channel endpoint.
 * The load driver starts it with {@code --runtime standalone}.
 */
final class StandaloneRuntime extends RunnerRuntime<StandaloneServer> {

    StandaloneRuntime() {
        super("the standalone runner", StandaloneServer::start, StandaloneServer::port);
    }
}
