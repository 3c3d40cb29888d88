package dev.channels.server.standalone;

import java.io.IOException;
import dev.channels.server.ChannelServer;
import dev.channels.server.RunnerOptions;
import dev.channels.testing.TestRunner;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The Tyrus runner ({@link StandaloneServer}) for the shared suite: channels-tyrus's surefire names it
 * in {@value TestRunner#PROPERTY}.
 */
public final class TyrusTestRunner implements TestRunner {

    @Override
    public Running start(ChannelServer server, int port) throws IOException {
        return wrap(StandaloneServer.start(server, port));
    }

    @Override
    public Running startTls(ChannelServer server, int port, SSLContext tls) throws IOException {
        return wrap(StandaloneServer.start(server, port, tls));
    }

    @Override
    public Running start(ChannelServer server, int port, Duration handshakeTimeout, Duration closeGrace) throws IOException {
        return wrap(StandaloneServer.start(server, port,
                RunnerOptions.builder().handshakeTimeout(handshakeTimeout).closeGrace(closeGrace).build()));
    }

    @Override
    public String name() {
        return "tyrus";
    }

    private static Running wrap(StandaloneServer running) {
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
