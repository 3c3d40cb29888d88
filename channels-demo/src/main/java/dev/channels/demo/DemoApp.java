package dev.channels.demo;

import dev.channels.api.middleware.LoggingMiddleware;
import dev.channels.api.middleware.RecoveryMiddleware;
import dev.channels.auth.jwt.HmacTokens;
import dev.channels.auth.jwt.JwtHandshakeCheck;
import dev.channels.server.ChannelAuthorizer;
import dev.channels.server.ChannelRules;
import dev.channels.server.ChannelServer;
import dev.channels.server.ClientInfo;
import dev.channels.server.HandshakeCheck;
import dev.channels.server.HandshakeDecision;
import dev.channels.server.ServerListener;
import dev.channels.server.ServerOptions;
import dev.channels.server.engine.ChannelEngine;
import dev.channels.server.engine.InMemoryEngine;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The demo application, the one both runners start ({@link DemoServer}): a channel handler
 * {@code chat} (the reply goes to the whole channel) and a direct handler {@code echo} (the reply goes
 * back to the sender); each channel keeps its last 100 messages for 5 minutes (a client that rejoins
 * with {@code since}/{@code epoch} gets what it missed) and sends presence events; {@code get.info}
 * lists the members, with the display name a client gave in its {@code name} query parameter as user
 * id (a demo: nothing checks it). Every channel is open but those named {@code private-*}: they need
 * a signed token ({@code ?token=...} or cookie {@code token}, an HS256 JWT signed with the demo's
 * development secret {@link #DEV_SECRET}, made by {@link #devToken}; {@code DemoServer} logs one at
 * start and prints one with {@code --token NAME}); anonymous users and mere display names get
 * {@code 403} (their join is closed with 1008 "forbidden: ..."). A token's subject is the user id
 * presence shows and the server stamps into {@code userId}. The chat page is in this module's
 * {@link #PAGES} folder; it loads the browser client from the channels-js WebJar.
 *
 * <p>Threads: it holds no state; the {@link ChannelServer} it builds owns its own.
 */
public final class DemoApp {

    private static final System.Logger LOG = System.getLogger(DemoApp.class.getName());

    /** History kept by the demo's channels. */
    static final int HISTORY_SIZE = 100;
    /** How long the demo keeps it. */
    static final Duration HISTORY_TTL = Duration.ofMinutes(5);
    /** Longest display name the demo keeps. */
    static final int MAX_NAME = 40;

    /**
     * The chat page's class-path folder ({@code index.html}, {@code chat.js}, {@code chat.css}); the
     * runners serve it at {@code /}, and the channels-js WebJar at {@code /webjars/channels-js/<version>/}.
     * Not a package name, so the demo's named module does not encapsulate it.
     */
    public static final String PAGES = "channels-demo/";

    /** Lets everyone in; the {@code name} query parameter, when given, becomes the member's user id. */
    static final HandshakeCheck DISPLAY_NAME = HandshakeCheck.admitting(h -> h.queryParameter("name")
            .map(String::strip)
            .filter(name -> !name.isEmpty())
            .map(name -> HandshakeDecision.acceptAs(name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name))
            .orElseGet(HandshakeDecision::accept));

    /**
     * The demo's development secret for tokens, or the environment's {@code CHANNELS_DEMO_SECRET} (at
     * least 32 bytes) when set. A fixed secret is for a demo on your own machine only: anyone who reads
     * this source can sign tokens with it.
     */
    static final String DEV_SECRET = Optional.ofNullable(System.getenv("CHANNELS_DEMO_SECRET"))
            .filter(s -> s.length() >= 32).orElse("channels-demo-development-secret-do-not-use-in-production");

    /** The role a demo token carries, which {@code private-*} rooms need. */
    static final String MEMBER = "member";

    /** Signs a demo token for {@code user} with {@link #DEV_SECRET}: role {@link #MEMBER}, valid for a day. */
    public static String devToken(String user) {
        return new HmacTokens(DEV_SECRET).sign(user, List.of(MEMBER), Duration.ofDays(1));
    }

    /** A token ({@code ?token=} or cookie {@code token}) signed with {@link #DEV_SECRET} names the user; a bad one is refused. */
    static final JwtHandshakeCheck TOKENS = JwtHandshakeCheck.builder().hmacSecret(DEV_SECRET).build();

    /** Everything is open but {@code private-*} rooms, which need a demo token (role {@link #MEMBER}). */
    static final ChannelAuthorizer RULES = ChannelRules.builder().on("private-*").anyRole(MEMBER).build();

    /** A token, when given, names the user; otherwise the {@code name} query parameter becomes the member's user id (an unverified label). */
    static final HandshakeCheck USERS = HandshakeCheck.admitting(h -> TOKENS.tokenOf(h).isPresent()
            ? TOKENS.admit(h) : DISPLAY_NAME.admit(h));


    private DemoApp() {
    }

    /** The demo's options: the defaults with history (100 messages, 5 minutes), presence events and base path {@code path}. */
    public static ServerOptions options(String path) {
        return ServerOptions.builder().basePath(path).historySize(HISTORY_SIZE).historyTtl(HISTORY_TTL).presenceEvents(true).build();
    }

    /** The demo application for {@code options} on the in-memory engine. */
    public static ChannelServer create(ServerOptions options) {
        return create(options, InMemoryEngine.create());
    }

    /** The demo application for {@code options} on {@code engine} (e.g. a Redis engine, so several demo nodes act as one): handlers, middleware and logging hooks. */
    public static ChannelServer create(ServerOptions options, ChannelEngine engine) {
        return ChannelServer.builder()
                .engine(engine)
                .options(options)
                .use(RecoveryMiddleware.create())
                // each message at DEBUG: a demo that people benchmark must not log every message at INFO
                .use(LoggingMiddleware.of(System.getLogger("dev.channels.messages"), Level.DEBUG, msg -> false))
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .directHandler("echo", (ctx, msg) -> Optional.of(msg.newFrom("echo").withBody(msg.body())))
                .handshakeCheck(USERS)
                .authorizer(RULES)
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
}
