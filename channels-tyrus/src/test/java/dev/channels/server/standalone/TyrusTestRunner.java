package dev.channels.server.standalone;

import dev.channels.server.ChannelServer;
import dev.channels.server.RunnerOptions;
import dev.channels.testing.RunnerTestRunner;
import dev.channels.testing.TestRunner;
import java.io.IOException;

/**
 * The Tyrus runner ({@link StandaloneServer}) for the shared suite: channels-tyrus's surefire names it
 * in {@value TestRunner#PROPERTY}.
 */
public final class TyrusTestRunner extends RunnerTestRunner {

    @Override
    protected Running start(ChannelServer server, int port, RunnerOptions options) throws IOException {
        StandaloneServer running = StandaloneServer.start(server, port, options);
        return new Started(running.port(), running.server(), running::channelUri, running.isSecure(), running::close);
    }

    @Override
    public String name() {
        return "tyrus";
    }
}
