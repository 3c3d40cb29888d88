package dev.channels.server.standalone;

import dev.channels.api.Message;
import dev.channels.api.middleware.LoggingMiddleware;
import dev.channels.api.middleware.RecoveryMiddleware;
import dev.channels.redis.RedisEngine;
import dev.channels.server.ChannelServer;
import dev.channels.server.ClientInfo;
import dev.channels.server.HandshakeCheck;
import dev.channels.server.HandshakeDecision;
import dev.channels.server.ServerListener;
import dev.channels.server.ServerOptions;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.InMemoryEngine;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * The runnable demo: a channel server at {@code ws://localhost:8025/ws/{channelId}} with a channel
 * handler {@code chat} (the reply goes to the whole channel) and a direct handler {@code echo} (the
 * reply goes back to the sender). It keeps each channel's last 100 messages for 5 minutes (a client
 * that rejoins with {@code since}/{@code epoch} gets what it missed) and sends presence events;
 * {@code get.info} lists the members, with the display name a client gave in its {@code name} query
 * parameter as user id (a demo: nothing checks it). With channels-js on the class path it also serves
 * the browser chat page at {@code http://localhost:8025/}. Ctrl-C shuts it down cleanly.
 *
 * <pre>
 * java ... dev.channels.server.standalone.DemoServer [--port 8025] [--path /ws] [--host 127.0.0.1] [--redis redis://host:6379]
 * </pre>
 *
 * <p>It listens on the loopback address unless {@code --host} says otherwise ({@code --host 0.0.0.0}
 * for every interface). With {@code --redis}, the channels live in that Redis ({@link RedisEngine}):
 * start two demos on different ports with the same Redis and a message sent on one reaches the
 * members on the other.
 */
public final class DemoServer {

    private static final System.Logger LOG = System.getLogger(DemoServer.class.getName());

    private DemoServer() {
    }

    /** History kept by the demo's channels. */
    static final int HISTORY_SIZE = 100;
    /** How long the demo keeps it. */
    static final Duration HISTORY_TTL = Duration.ofMinutes(5);

    /** The demo's options: the defaults with history (100 messages, 5 minutes), presence events and base path {@code path}. */
    public static ServerOptions demoOptions(String path) {
        return ServerOptions.defaults().withBasePath(path).withHistory(HISTORY_SIZE, HISTORY_TTL).withPresenceEvents(true);
    }

    /** Longest display name the demo keeps. */
    static final int MAX_NAME = 40;

    /** Lets everyone in; the {@code name} query parameter, when given, becomes the member's user id. */
    static final HandshakeCheck DISPLAY_NAME = HandshakeCheck.admitting(h -> h.queryParameter("name")
            .map(String::strip)
            .filter(name -> !name.isEmpty())
            .map(name -> HandshakeDecision.acceptAs(name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name))
            .orElseGet(HandshakeDecision::accept));

    /** The demo server for {@code options} on the in-memory engine: handlers, middleware and logging hooks. */
    public static ChannelServer create(ServerOptions options) {
        return create(options, InMemoryEngine.create());
    }

    /** The demo server for {@code options} on {@code engine} (e.g. a {@link RedisEngine}, so several demo nodes act as one). */
    public static ChannelServer create(ServerOptions options, ChannelEngine engine) {
        return ChannelServer.builder()
                .engine(engine)
                .options(options)
                .use(RecoveryMiddleware.create())
                // each message at DEBUG: a demo that people benchmark must not log every message at INFO
                .use(LoggingMiddleware.of(System.getLogger("dev.channels.messages"), Level.DEBUG, msg -> false))
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .handshakeCheck(DISPLAY_NAME)
                .listener(new ServerListener() {
                    @Override
                    public void onClientJoined(ClientInfo client) {
                        LOG.log(Level.INFO, "client {0} joined {1}{2}", client.clientId(), client.channelId(),
                                switch (client.recovery()) {
                                    case RECOVERED -> " (recovered the messages it missed)";
                                    case NOT_RECOVERED -> " (asked to recover, but could not: missed messages are gone)";
                                    case NOT_REQUESTED -> "";
                                });
                    }

                    @Override
                    public void onClientLeft(ClientInfo client) {
                        LOG.log(Level.INFO, "client {0} left {1}", client.clientId(), client.channelId());
                    }
                })
                .build();
    }

    /**
     * Starts the demo. Flags: {@code --port N} (default 8025), {@code --path /base} (default /ws),
     * {@code --host address} (default the loopback address), {@code --redis URI} (default: none, the
     * in-memory engine; a Lettuce URI such as {@code redis://localhost:6379},
     * {@code redis://:password@host:6379}, {@code rediss://host:6380} for TLS).
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 8025;
        String path = "/ws";
        StandaloneOptions standalone = StandaloneOptions.defaults();
        String redis = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--path" -> path = value(args, ++i, "--path");
                case "--host" -> standalone = standalone.withHost(value(args, ++i, "--host"));
                case "--redis" -> redis = value(args, ++i, "--redis");
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: [--port N] [--path /ws] [--host 127.0.0.1] [--redis redis://host:6379])");
            }
        }
        ServerOptions options = demoOptions(path);
        ChannelEngine engine = redis == null ? InMemoryEngine.create() : RedisEngine.builder().uri(redis).build();
        ChannelServer server = create(options, engine);
        StandaloneServer running = StandaloneServer.start(server, port, withChatPage(standalone));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(Level.INFO, "shutting down");
            running.close();
        }, "channels-shutdown"));
        LOG.log(Level.INFO, "channel server listening on {0} (host {1}; Ctrl-C to stop)",
                running.channelUri("") + "{channelId}", running.host());
        LOG.log(Level.INFO, "channel streams on: each channel keeps its last {0,number,#} messages for {1,number,#} s "
                + "(rejoin with ?since=<offset>&epoch=<epoch> to recover); presence events on (presence.joined / "
                + "presence.left); get.info lists the members", options.historySize(), options.historyTtl().toSeconds());
        LOG.log(Level.INFO, redis == null ? "engine: in memory (one node; --redis redis://host:6379 to share channels between nodes)"
                : "engine: Redis at " + redis.replaceAll("//[^@/]*@", "//***@") + ", node " + engine.nodeId());
        if (running.options().pages().isPresent()) {
            LOG.log(Level.INFO, "chat page at {0}", running.pageUri());
        }
        running.awaitShutdown();
    }

    /** The chat page's class-path folder (from channels-js). */
    static final String PAGES = "dev/channels/web/";

    /** Serves the chat page too when channels-js is on the class path (an optional dependency). */
    static StandaloneOptions withChatPage(StandaloneOptions options) {
        if (DemoServer.class.getClassLoader().getResource(PAGES + "index.html") == null) {
            LOG.log(Level.WARNING, "no chat page: channels-js is not on the class path (build it with Maven, Node 20+)");
            return options;
        }
        return options.withPages(PAGES);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
