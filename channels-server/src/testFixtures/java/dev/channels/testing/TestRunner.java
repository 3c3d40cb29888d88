package dev.channels.testing;

import java.io.IOException;
import dev.channels.server.ChannelServer;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The runner the tests over real sockets start their servers on. Absent system property
 * {@value #PROPERTY}: {@link PortableTestRunner} (the server's endpoint configuration on a plain Tyrus
 * container, none of a runner's own code), which channels-server's and channels-client's tests run
 * on. The shared suite (channels-tyrus's runner-sensitive tests) runs with the property naming
 * {@code dev.channels.server.standalone.TyrusTestRunner} in channels-tyrus and
 * {@code dev.channels.server.jetty.JettyTestRunner} in channels-jetty-tests. Implementations need a
 * public no-argument constructor. A test fixture (src/testFixtures): those modules compile it too.
 */
public interface TestRunner {

    /** The system property that names the {@link TestRunner} class; absent: {@link PortableTestRunner}. */
    String PROPERTY = "channels.test.runner";

    /** A running server as the tests see it. */
    interface Running extends AutoCloseable {
        /** The bound port. */
        int port();

        /** The channel server it runs. */
        ChannelServer server();

        /** {@code ws://localhost:<port><basePath>/<channelId>} ({@code wss} with TLS). */
        URI channelUri(String channelId);

        /** Whether it speaks TLS. */
        boolean isSecure();

        /** Closes the channel server, then the runtime. */
        @Override
        void close();
    }

    /**
     * A {@link Running} made of what a started runtime answers: each runner's test runner hands its
     * runtime's accessors here instead of writing the same forwarding class again.
     *
     * @param port        the bound port
     * @param server      the channel server it runs
     * @param channelUris a channel id to its URI
     * @param isSecure    whether it speaks TLS
     * @param closer      closes the channel server, then the runtime
     */
    record Started(int port, ChannelServer server, Function<String, URI> channelUris, boolean isSecure,
                   Runnable closer) implements Running {
        @Override
        public URI channelUri(String channelId) {
            return channelUris.apply(channelId);
        }

        @Override
        public void close() {
            closer.run();
        }
    }

    /** Starts {@code server} on {@code port} (0: a free one) of the loopback address, the runner's defaults. */
    Running start(ChannelServer server, int port) throws IOException;

    /** As {@link #start(ChannelServer, int)}, TLS only. */
    Running startTls(ChannelServer server, int port, SSLContext tls) throws IOException;

    /** As {@link #start(ChannelServer, int)}, with another handshake timeout and close grace. */
    Running start(ChannelServer server, int port, Duration handshakeTimeout, Duration closeGrace) throws IOException;

    /** Short name for test output ("tyrus", "jetty"). */
    String name();

    /** The runner the system property names, else the portable one. */
    static TestRunner current() {
        String name = System.getProperty(PROPERTY);
        if (name == null || name.isBlank()) {
            return new PortableTestRunner();
        }
        try {
            return (TestRunner) Class.forName(name).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load test runner " + name, e);
        }
    }
}
