package dev.channels.server.jetty;

import dev.channels.server.RunnerOptions;
import java.io.IOException;
import dev.channels.server.ChannelServer;
import dev.channels.testing.TestRunner;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** The Jetty runner ({@link JettyChannelServer}) for channels-tyrus's integration tests (system property {@value TestRunner#PROPERTY}). */
public final class JettyTestRunner implements TestRunner {

    @Override
    public Running start(ChannelServer server, int port) throws IOException {
        return wrap(JettyChannelServer.start(server, port));
    }

    @Override
    public Running startTls(ChannelServer server, int port, SSLContext tls) throws IOException {
        return wrap(JettyChannelServer.start(server, port, tls));
    }

    @Override
    public Running start(ChannelServer server, int port, Duration handshakeTimeout, Duration closeGrace) throws IOException {
        return wrap(JettyChannelServer.start(server, port,
                RunnerOptions.builder().handshakeTimeout(handshakeTimeout).closeGrace(closeGrace).build()));
    }

    @Override
    public String name() {
        return "jetty";
    }

    static Running wrap(JettyChannelServer running) {
        return new Running() {
            @Override
            public int port() {
                return running.port();
            }

            @Override
            public ChannelServer server() {
                return running.server();
            }

            @Override
            public URI channelUri(String channelId) {
                return running.channelUri(channelId);
            }

            @Override
            public boolean isSecure() {
                return running.isSecure();
            }

            @Override
            public void close() {
                running.close();
            }
        };
    }
}
