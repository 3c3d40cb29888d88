package dev.channels.server.standalone;

import dev.channels.api.Message;
import dev.channels.api.middleware.LoggingMiddleware;
import dev.channels.api.middleware.RecoveryMiddleware;
import dev.channels.server.ChannelServer;
import dev.channels.server.ClientInfo;
import dev.channels.server.ServerListener;
import dev.channels.server.ServerOptions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The runnable demo: a channel server at {@code ws://localhost:8025/ws/{channelId}} with a channel
 * handler {@code chat} (the reply goes to the whole channel) and a direct handler {@code echo} (the
 * reply goes back to the sender); with channels-js on the class path it also serves the browser chat
 * page at {@code http://localhost:8025/}. Ctrl-C shuts it down cleanly.
 *
 * <pre>
 * java ... dev.channels.server.standalone.DemoServer [--port 8025] [--path /ws] [--host 127.0.0.1]
 * </pre>
 *
 * <p>It listens on the loopback address unless {@code --host} says otherwise ({@code --host 0.0.0.0}
 * for every interface).
 */
public final class DemoServer {

    private static final System.Logger LOG = System.getLogger(DemoServer.class.getName());

    private DemoServer() {
    }

    /** The demo server for {@code options}: handlers, middleware and logging hooks. */
    public static ChannelServer create(ServerOptions options) {
        return ChannelServer.builder()
                .options(options)
                .use(RecoveryMiddleware.create())
                .use(LoggingMiddleware.create())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .listener(new ServerListener() {
                    @Override
                    public void onClientJoined(ClientInfo client) {
                        LOG.log(Level.INFO, "client {0} joined {1}", client.clientId(), client.channelId());
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
     * {@code --host address} (default the loopback address).
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 8025;
        String path = "/ws";
        StandaloneOptions standalone = StandaloneOptions.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--path" -> path = value(args, ++i, "--path");
                case "--host" -> standalone = standalone.withHost(value(args, ++i, "--host"));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: [--port N] [--path /ws] [--host 127.0.0.1])");
            }
        }
        ChannelServer server = create(ServerOptions.defaults().withBasePath(path));
        StandaloneServer running = StandaloneServer.start(server, port, withChatPage(standalone));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(Level.INFO, "shutting down");
            running.close();
        }, "channels-shutdown"));
        LOG.log(Level.INFO, "channel server listening on {0} (host {1}; Ctrl-C to stop)",
                running.channelUri("") + "{channelId}", running.host());
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
