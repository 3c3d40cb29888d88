package dev.channels.demo;

import dev.channels.redis.RedisEngine;
import dev.channels.server.ChannelServer;
import dev.channels.server.RunnerOptions;
import dev.channels.server.ServerOptions;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.InMemoryEngine;
import dev.channels.server.jetty.JettyChannelServer;
import dev.channels.server.standalone.StandaloneServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs the demo application ({@link DemoApp}) on either standalone runner: a channel server at
 * {@code ws://localhost:8025/ws/{channelId}} and the browser chat page at {@code http://localhost:8025/}.
 * Ctrl-C shuts it down cleanly.
 *
 * <pre>
 * ./mvnw -q -pl channels-demo -am compile exec:java [-Dexec.args="..."]
 * java ... dev.channels.demo.DemoServer [--runner tyrus|jetty] [--port 8025] [--path /ws] [--host 127.0.0.1] [--redis redis://host:6379]
 * </pre>
 *
 * <p>{@code --runner tyrus} (the default) is channels-tyrus's {@link StandaloneServer} (Tyrus on
 * Grizzly), {@code --runner jetty} channels-jetty's {@link JettyChannelServer} (Jetty 12): the same
 * application, options and page on both. It listens on the loopback address unless {@code --host}
 * says otherwise ({@code --host 0.0.0.0} for every interface). With {@code --redis}, the channels live
 * in that Redis ({@link RedisEngine}): start two demos on different ports with the same Redis and a
 * message sent on one reaches the members on the other.
 */
public final class DemoServer {

    private static final System.Logger LOG = System.getLogger(DemoServer.class.getName());

    private DemoServer() {
    }

    /** The runner the demo starts on. */
    public enum Runner {
        /** channels-tyrus: {@link StandaloneServer}, Tyrus on Grizzly. */
        TYRUS,
        /** channels-jetty: {@link JettyChannelServer}, Jetty 12 (ee10). */
        JETTY;

        /** The runner named {@code name} ({@code tyrus} or {@code jetty}, any case). */
        public static Runner named(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown runner " + name + " (tyrus or jetty)", e);
            }
        }
    }

    /** A demo started on a runner, whichever it is; {@link #close()} stops the runner and the channel server. */
    public interface Running extends AutoCloseable {
        /** The port it listens on. */
        int port();

        /** The address it listens on. */
        String host();

        /** The channel server it runs. */
        ChannelServer server();

        /** The URI of channel {@code channelId}. */
        URI channelUri(String channelId);

        /** Where the chat page is served. */
        URI pageUri();

        /** Blocks until it is closed. */
        void awaitShutdown() throws InterruptedException;

        @Override
        void close();
    }

    /**
     * Starts {@code server} (usually {@link DemoApp#create}) on {@code runner} at {@code port} (0: a
     * free one) on {@code host} ({@code null}: the loopback address), serving the chat page.
     */
    public static Running start(Runner runner, ChannelServer server, int port, String host) throws IOException {
        return switch (runner) {
            case TYRUS -> {
                StandaloneServer r = StandaloneServer.start(server, port, runnerOptions(host));
                yield new Started(r.port(), r.host(), r.server(), r::channelUri, r.pageUri(), r::awaitShutdown, r::close);
            }
            case JETTY -> {
                JettyChannelServer r = JettyChannelServer.start(server, port, runnerOptions(host));
                yield new Started(r.port(), r.host(), r.server(), r::channelUri, r.pageUri(), r::awaitShutdown, r::close);
            }
        };
    }

    /** The runner's defaults with the chat page, on {@code host} when given. */
    private static RunnerOptions runnerOptions(String host) {
        RunnerOptions.Builder options = RunnerOptions.builder().pages(DemoApp.PAGES);
        if (host != null) {
            options.host(host);
        }
        return options.build();
    }

    /** What a runner's {@code awaitShutdown} is. */
    @FunctionalInterface
    private interface Await {
        void await() throws InterruptedException;
    }

    /** A started runner as {@link Running}: its figures, and its own methods for the rest. */
    private record Started(int port, String host, ChannelServer server, Function<String, URI> channels, URI pageUri,
                           Await shutdown, Runnable closer) implements Running {
        @Override
        public URI channelUri(String channelId) {
            return channels.apply(channelId);
        }

        @Override
        public void awaitShutdown() throws InterruptedException {
            shutdown.await();
        }

        @Override
        public void close() {
            closer.run();
        }
    }

    /**
     * Starts the demo. Flags: {@code --runner tyrus|jetty} (default tyrus), {@code --port N} (default
     * 8025), {@code --path /base} (default /ws), {@code --host address} (default the loopback address),
     * {@code --redis URI} (default: none, the in-memory engine; a Lettuce URI such as
     * {@code redis://localhost:6379}, {@code redis://:password@host:6379}, {@code rediss://host:6380} for TLS);
     * {@code --token NAME} prints a demo token for NAME (for {@code private-*} rooms) and exits. The server's settings are also read from {@code channels.*} system
     * properties (README "Settings"), which win over the flags.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Runner runner = Runner.TYRUS;
        int port = 8025;
        String path = "/ws";
        String host = null;
        String redis = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runner" -> runner = Runner.named(value(args, ++i, "--runner"));
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--path" -> path = value(args, ++i, "--path");
                case "--host" -> host = value(args, ++i, "--host");
                case "--redis" -> redis = value(args, ++i, "--redis");
                case "--token" -> {
                    System.out.println(DemoApp.devToken(value(args, ++i, "--token"))); // a command-line tool's output
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: [--runner tyrus|jetty] [--port N] [--path /ws] [--host 127.0.0.1] [--redis redis://host:6379] [--token NAME])");
            }
        }
        ServerOptions options = DemoApp.options(path).toBuilder().settings(System::getProperty).build(); // -Dchannels.*=...
        ChannelEngine engine = redis == null ? InMemoryEngine.create() : RedisEngine.builder().uri(redis).build();
        Running running = start(runner, DemoApp.create(options, engine), port, host);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(Level.INFO, "shutting down: draining for up to {0}", running.server().options().drainWindow());
            try {
                running.server().drainAndClose(); // a rolling restart: members move to the other nodes gradually
            } finally {
                running.close();
            }
        }, "channels-shutdown"));
        LOG.log(Level.INFO, "channel server listening on {0} (host {1}, runner {2}; Ctrl-C to stop)",
                running.channelUri("") + "{channelId}", running.host(), runner.name().toLowerCase(Locale.ROOT));
        LOG.log(Level.INFO, "channel streams on: each channel keeps its last {0,number,#} messages for {1,number,#} s "
                + "(rejoin with ?since=<offset>&epoch=<epoch> to recover); presence events on (presence.joined / "
                + "presence.left); get.info lists the members", options.historySize(), options.historyTtl().toSeconds());
        LOG.log(Level.INFO, redis == null ? "engine: in memory (one node; --redis redis://host:6379 to share channels between nodes)"
                : "engine: Redis at " + redis.replaceAll("//[^@/]*@", "//***@") + ", node " + engine.nodeId());
        LOG.log(Level.INFO, "chat page at {0}", running.pageUri());
        LOG.log(Level.INFO, "private-* rooms need a token (demo secret; --token NAME prints one), e.g. {0}?room=private-1&token={1}",
                running.pageUri(), DemoApp.devToken("demo"));
        running.awaitShutdown();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
