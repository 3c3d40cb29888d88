package dev.channels.cdi.se;

import dev.channels.cdi.ChannelsExtension;
import dev.channels.server.ChannelServer;
import dev.channels.server.RunnerOptions;
import dev.channels.server.standalone.StandaloneServer;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the application's CDI handlers outside an application server: a CDI SE container (Weld SE)
 * plus the Tyrus standalone server, in one call. The same observers, interceptors and lifecycle
 * observers as in a WAR; the server is the application's {@link ChannelServer} bean, so the
 * endpoint's collaborators come from CDI without any Tyrus CDI integration.
 *
 * <pre>{@code
 * try (ChannelsSe channels = ChannelsSe.start(8025)) {       // scans the class path's bean archives
 *     channels.awaitShutdown();
 * }
 * try (ChannelsSe channels = ChannelsSe.builder().port(0).disableDiscovery().beanClasses(Chat.class).start()) {
 *     URI room = channels.channelUri("room-1");
 * }
 * }</pre>
 *
 * <p>Closing order, also from the JVM shutdown hook it installs: channel server (clients get a close
 * frame, lifecycle observers see them leave), Tyrus, then CDI.
 *
 * <p>Needs {@code org.jboss.weld.se:weld-se-core} (an optional dependency of channels-cdi) and the
 * Tyrus standalone server (from channels-tyrus) on the class path. This is the only package of
 * channels-cdi that uses Tyrus.
 *
 * @since 0.1.0
 */
public final class ChannelsSe implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChannelsSe.class.getName());

    /** Weld SE's own shutdown hook would stop CDI before the server; ours closes in the right order. */
    private static final String WELD_SHUTDOWN_HOOK = "org.jboss.weld.se.shutdownHook";

    private final SeContainer container;
    private final StandaloneServer standalone;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::close, "channels-se-shutdown");

    private ChannelsSe(SeContainer container, StandaloneServer standalone) {
        this.container = container;
        this.standalone = standalone;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts CDI with bean discovery on the class path and serves the channel endpoint on {@code port}
     * (0: any free port) of the loopback address ({@link Builder#runnerOptions} for another).
     * As always in CDI SE, only archives with a {@code META-INF/beans.xml} are scanned: an application without one gets Weld's "no bean archives found"; add the file, or use
     * {@code builder().disableDiscovery().beanClasses(...)}.
     */
    public static ChannelsSe start(int port) {
        return builder().port(port).start();
    }

    /** A builder: port 8025, bean discovery on. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the endpoint listens on. */
    public int port() {
        return standalone.port();
    }

    /** {@code ws://localhost:<port><basePath>/<channelId>}. */
    public URI channelUri(String channelId) {
        return standalone.channelUri(channelId);
    }

    /** The application's channel server (the CDI bean). */
    public ChannelServer server() {
        return standalone.server();
    }

    /** The CDI container, to look beans up. */
    public SeContainer container() {
        return container;
    }

    /** Blocks until {@link #close()} ran, for instance from the shutdown hook on Ctrl-C. */
    public void awaitShutdown() throws InterruptedException {
        closed.await();
    }

    /**
     * Closes the channel server (members get a close frame, lifecycle observers see them leave),
     * stops Tyrus, then shuts CDI down. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            standalone.close();
        } finally {
            try {
                if (container.isRunning()) {
                    container.close();
                }
            } finally {
                closed.countDown();
                removeShutdownHook();
            }
        }
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
    }

    /**
     * Configures a {@link ChannelsSe}. Not thread-safe; start once.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int port = 8025;
        private RunnerOptions runnerOptions = RunnerOptions.defaults();
        private boolean discovery = true;
        private final List<Class<?>> beanClasses = new ArrayList<>();
        private final Map<String, Object> properties = new LinkedHashMap<>();

        private Builder() {
            properties.put(WELD_SHUTDOWN_HOOK, false);
        }

        /** The port, 0 for any free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * How the server listens (default {@link RunnerOptions#defaults()}: the loopback address
         * only; {@code RunnerOptions.builder().host("0.0.0.0")} for every interface, handshake timeout, close grace, TLS).
         */
        public Builder runnerOptions(RunnerOptions options) {
            this.runnerOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Turns bean discovery off: only {@link #beanClasses} (and the library's beans) are beans. */
        public Builder disableDiscovery() {
            this.discovery = false;
            return this;
        }

        /** Adds bean classes, in addition to those discovered. */
        public Builder beanClasses(Class<?>... classes) {
            for (Class<?> c : classes) {
                beanClasses.add(Objects.requireNonNull(c, "bean class"));
            }
            return this;
        }

        /** Sets a property of the CDI SE container (see its documentation, e.g. Weld's). */
        public Builder property(String key, Object value) {
            properties.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /**
         * Starts CDI, which builds the channel server, then serves it.
         *
         * @throws jakarta.enterprise.inject.spi.DefinitionException when an observer breaks the rules of
         *         {@code @MessageType} (the message names the method and the fix)
         * @throws jakarta.enterprise.inject.spi.DeploymentException when the deployment is otherwise invalid
         * @throws UncheckedIOException when the port cannot be bound
         */
        public ChannelsSe start() {
            SeContainerInitializer initializer = SeContainerInitializer.newInstance()
                    .addBeanClasses(beanClasses.toArray(new Class<?>[0]))
                    .setProperties(properties);
            if (!discovery) {
                initializer.disableDiscovery().addExtensions(new ChannelsExtension());
            }
            SeContainer container = initializer.initialize();
            try {
                ChannelServer server = container.select(ChannelServer.class).get();
                StandaloneServer standalone = StandaloneServer.start(server, port, runnerOptions);
                LOG.log(System.Logger.Level.INFO, "channels listening on ws://localhost:{0}{1}/'{'channelId'}'",
                        String.valueOf(standalone.port()), server.options().basePath());
                return new ChannelsSe(container, standalone);
            } catch (IOException e) {
                container.close();
                throw new UncheckedIOException("could not start the channel endpoint on port " + port, e);
            } catch (RuntimeException e) {
                container.close();
                throw e;
            }
        }
    }
}
