package dev.channels.testing;

import dev.channels.server.ChannelServer;
import dev.channels.server.RunnerOptions;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A {@link TestRunner} for one of this project's runners (Tyrus's {@code StandaloneServer}, Jetty's
 * {@code JettyChannelServer}): both start from {@link RunnerOptions}, so every way a test starts a
 * server is one call of {@link #start(ChannelServer, int, RunnerOptions)} with the options it asks for,
 * as the runners' own convenience methods do.
 */
public abstract class RunnerTestRunner implements TestRunner {

    /** Starts {@code server} on {@code port} with the runner's {@code start(server, port, options)}. */
    protected abstract Running start(ChannelServer server, int port, RunnerOptions options) throws IOException;

    @Override
    public final Running start(ChannelServer server, int port) throws IOException {
        return start(server, port, RunnerOptions.defaults());
    }

    @Override
    public final Running startTls(ChannelServer server, int port, SSLContext tls) throws IOException {
        return start(server, port, RunnerOptions.builder().tls(tls).build());
    }

    @Override
    public final Running start(ChannelServer server, int port, Duration handshakeTimeout, Duration closeGrace)
            throws IOException {
        return start(server, port, RunnerOptions.builder().handshakeTimeout(handshakeTimeout).closeGrace(closeGrace).build());
    }
}
