package dev.channels.server.jetty;

import dev.channels.server.ChannelServer;
import dev.channels.server.RunnerOptions;
import dev.channels.testing.RunnerTestRunner;
import dev.channels.testing.TestRunner;
import java.io.IOException;

/** The Jetty runner ({@link JettyChannelServer}) for channels-tyrus's integration tests (system property {@value TestRunner#PROPERTY}). */
public final class JettyTestRunner extends RunnerTestRunner {

    @Override
    protected Running start(ChannelServer server, int port, RunnerOptions options) throws IOException {
        JettyChannelServer running = JettyChannelServer.start(server, port, options);
        return new Started(running.port(), running.server(), running::channelUri, running.isSecure(), running::close);
    }

    @Override
    public String name() {
        return "jetty";
    }
}
