package dev.channels.testing;

import dev.channels.server.ChannelServer;
import dev.channels.server.ServerOptions;
import java.util.Optional;

/**
 * The channel server the runner tests start when any application will do: a direct handler
 * {@code echo} that answers the sender with the body it sent. (They used the demo application, which
 * now lives in channels-demo, out of the runners' reach.)
 */
public final class EchoChannelServer {

    private EchoChannelServer() {
    }

    /** A channel server with {@code options} and the {@code echo} handler. */
    public static ChannelServer create(ServerOptions options) {
        return ChannelServer.builder()
                .options(options)
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .build();
    }
}
