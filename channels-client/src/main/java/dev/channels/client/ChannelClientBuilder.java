package dev.channels.client;

import dev.channels.api.ClientErrorHandler;
import dev.channels.api.Handler;
import dev.channels.api.Middleware;
import dev.channels.api.MiddlewareChain;
import dev.channels.api.MessageTypes;
import dev.channels.api.ServerErrorMessageHandler;
import jakarta.websocket.WebSocketContainer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Configures a {@link ChannelClient}: listeners, middleware, error handlers, reconnect policy and
 * transport options. Not thread-safe; build once.
 *
 * <p>Listeners for {@code channel.expired} and {@code channel.closed} default to leaving the channel;
 * registering your own replaces the default (call {@link ChannelClient#leave} yourself if you still
 * want to leave). The server closes such a channel anyway, and that close never reconnects.
 *
 * @since 0.1.0
 */
public final class ChannelClientBuilder {

    private static final System.Logger LOG = System.getLogger(ChannelClient.class.getName());

    private final Map<String, Handler> listeners = new LinkedHashMap<>();
    private MiddlewareChain middleware = MiddlewareChain.empty();
    private ServerErrorMessageHandler serverErrors = e -> LOG.log(Level.WARNING,
            "server answered ''{0}'' on channel {1} with an error: {2}", e.originType(), e.channelId(), e.errorBody());
    private ClientErrorHandler clientErrors = (msg, e) -> LOG.log(Level.WARNING,
            "listener for ''" + msg.type() + "'' on channel " + msg.channelId() + " failed", e);
    private ReconnectPolicy reconnect = ReconnectPolicy.none();
    private ClientOptions.Builder options = ClientOptions.builder();
    private WebSocketContainer container;
    private RejoinListener rejoinListener = (channel, recovered) -> { };
    private final java.util.List<PresenceListener> presenceListeners = new java.util.ArrayList<>();

    ChannelClientBuilder() {
    }

    /**
     * Registers the listener for messages of {@code type}, replacing an earlier one. Reserved types
     * allowed: {@code join.success}, {@code channel.expired}, {@code channel.closed}, {@code info},
     * {@code leave.success}; error envelopes go to {@link #onServerError}.
     */
    public ChannelClientBuilder listener(String type, Handler listener) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(listener, "listener");
        if (MessageTypes.ERROR.equals(type)) {
            throw new IllegalArgumentException("error envelopes go to onServerError(...), not to a listener");
        }
        if (type.isEmpty()) {
            throw new IllegalArgumentException("type must not be empty");
        }
        listeners.put(type, listener);
        return this;
    }

    /** Adds middleware around every listener; the first added runs outermost. */
    public ChannelClientBuilder use(Middleware m) {
        middleware = middleware.then(m);
        return this;
    }

    /** Handles error envelopes from servers (default: log). */
    public ChannelClientBuilder onServerError(ServerErrorMessageHandler handler) {
        this.serverErrors = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Handles failures of this client's own listeners (default: log); the connection stays open. */
    public ChannelClientBuilder onClientError(ClientErrorHandler handler) {
        this.clientErrors = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** The reconnect policy (default {@link ReconnectPolicy#none()}). */
    public ChannelClientBuilder reconnect(ReconnectPolicy policy) {
        this.reconnect = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** All transport options at once (the methods below set one each, the same as {@link ClientOptions.Builder}'s). */
    public ChannelClientBuilder options(ClientOptions options) {
        this.options = Objects.requireNonNull(options, "options").toBuilder();
        return this;
    }

    /** How long a join may take before it fails with {@link JoinException.Reason#TIMEOUT}. */
    public ChannelClientBuilder connectTimeout(Duration timeout) {
        options.connectTimeout(timeout);
        return this;
    }

    /** How long one frame may take to write. */
    public ChannelClientBuilder writeTimeout(Duration timeout) {
        options.writeTimeout(timeout);
        return this;
    }

    /** How long to wait for a pong to the client's ping before dropping the connection (pings every 9/10 of it). */
    public ChannelClientBuilder pongWait(Duration wait) {
        options.pongWait(wait);
        return this;
    }

    /**
     * The largest text message accepted, in UTF-8 bytes; a bigger one closes the connection with 1009
     * and ends the channel without reconnecting (see {@link ReconnectPolicy}).
     */
    public ChannelClientBuilder maxMessageSize(int size) {
        options.maxMessageSize(size);
        return this;
    }

    /**
     * Whether channels share one session connection per server when it offers sessions (default true);
     * false: one connection per channel, as {@link ClientOptions.Builder#sessions(boolean)}.
     *
     * @since 0.1.0
     */
    public ChannelClientBuilder sessions(boolean multiplex) {
        options.sessions(multiplex);
        return this;
    }

    /** The TLS context for {@code wss://} (default: the platform trust store). Applied on Tyrus. */
    public ChannelClientBuilder sslContext(SSLContext context) {
        options.sslContext(context);
        return this;
    }

    /**
     * Uses a container you manage, e.g. the application server's; the client will not shut it down,
     * and Tyrus-only settings (connect timeout, TLS) apply only if it is Tyrus's. By default the client
     * makes, and on close shuts down, a Tyrus container of its own.
     */
    public ChannelClientBuilder container(WebSocketContainer container) {
        this.container = Objects.requireNonNull(container, "container");
        return this;
    }

    /**
     * Sets the listener told after each rejoin by the reconnect policy whether the missed messages
     * were recovered (the client asks for recovery on every rejoin to a server that keeps history).
     */
    public ChannelClientBuilder onRejoin(RejoinListener listener) {
        this.rejoinListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Adds a listener told of every channel's joins and leaves, whether the server sends per-member
     * {@code presence.joined}/{@code presence.left} or batched {@code presence.diff} (e.g. a
     * {@link PresenceView}); listeners run in the order added, before a {@link #listener} of the same type.
     *
     * @since 0.1.0
     */
    public ChannelClientBuilder onPresence(PresenceListener listener) {
        presenceListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Builds the client. */
    public ChannelClient build() {
        Map<String, Handler> all = new LinkedHashMap<>();
        all.put(MessageTypes.CHANNEL_EXPIRED, ChannelClient.LEAVE_CHANNEL);
        all.put(MessageTypes.CHANNEL_CLOSED, ChannelClient.LEAVE_CHANNEL);
        all.putAll(listeners);
        return new ChannelClient(all, middleware, serverErrors, clientErrors, reconnect, options.build(),
                Optional.ofNullable(container), rejoinListener, new PresenceEvents(presenceListeners));
    }
}
