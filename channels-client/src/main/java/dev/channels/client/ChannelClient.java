package dev.channels.client;

import dev.channels.api.ClientErrorHandler;
import dev.channels.api.Handler;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.MiddlewareChain;
import dev.channels.api.Request;
import dev.channels.api.ServerErrorMessageHandler;
import dev.channels.api.internal.threads.DaemonSchedulers;
import dev.channels.transport.SessionWriterOptions;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channels client (the seed's {@code client.Client}): one object holding connections to many
 * channels, on one or many servers. When a server offers sessions (docs/protocol.md "Sessions"), every
 * channel joined at the same base URI(s) with the same headers shares one session connection to it
 * ({@code {base}}, {@code channel.join}/{@code channel.leave}), with one heartbeat and one reconnect loop
 * that rejoins every channel with its own recovery position; against a server without sessions (a Go
 * server), or with {@link ClientOptions.Builder#sessions(boolean) sessions(false)}, each channel has its
 * own connection ({@code {base}/{channelId}}). The API and what listeners see are the same either way.
 *
 * <pre>{@code
 * try (ChannelClient client = ChannelClient.builder()
 *         .listener("chat", (ctx, msg) -> { chatLog.add(msg.rawBody()); return msg.noContent(); })
 *         .build()) {
 *     client.join(URI.create("ws://localhost:8025/ws"), "room-1");
 *     client.publish(Request.of("room-1", "chat", Map.of("text", "hello")));
 *     Message echo = client.request(Request.of("room-1", "echo", "ping"), Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Listeners run on the reader thread of their channel's connection (on a session: the session's, shared
 * by its channels), one message at a time per channel; do not block them for long, and do not call the
 * blocking {@link #request} or {@link JoinedChannel#presence()} for a channel of the same connection (on a
 * session: any channel at the same base) from inside one: the reply would be read by the very thread that
 * waits (use {@link #requestAsync}). {@link #leave} from a listener does not wait for {@code leave.success},
 * and {@link #join} from a listener of a session gives that channel its own connection. Thread ownership:
 * each channel's state belongs to its {@code ChannelConnection} (under its own lock), each session's link,
 * members and reconnect loop to its {@code SessionConnection} (under its lock, never nested with a channel's
 * and never held across I/O); every connection has one writer, its {@code SessionWriter}, which all its
 * channels send through. All methods are thread-safe. The client owns
 * one scheduler (two daemon threads) for reconnect waits, pings and request timeouts, and, unless
 * given a container, its own Tyrus container; {@link #close()} stops both.
 *
 * @since 0.1.0
 */
public final class ChannelClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChannelClient.class.getName());
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    /** Marker for the default {@code channel.expired}/{@code channel.closed} listener: leave the channel. */
    static final Handler LEAVE_CHANNEL = (ctx, msg) -> Optional.empty();

    private static final jakarta.json.spi.JsonProvider HISTORY_JSON = jakarta.json.spi.JsonProvider.provider();

    private final Map<String, ChannelConnection> channels = new ConcurrentHashMap<>();
    private final Set<String> joining = ConcurrentHashMap.newKeySet();
    /** One session per base URI list and headers; kept (also when the server offers none, to remember that). */
    private final Map<SessionKey, SessionConnection> sessions = new ConcurrentHashMap<>();

    private record SessionKey(List<URI> bases, Map<String, List<String>> headers) {
    }
    private final ScheduledThreadPoolExecutor scheduler;
    private final WebSocketContainer container;
    private final boolean ownsContainer;
    private final ClientRuntime runtime;
    private volatile boolean closed;

    ChannelClient(Map<String, Handler> listeners, MiddlewareChain middleware, ServerErrorMessageHandler serverErrors,
                  ClientErrorHandler clientErrors, ReconnectPolicy reconnect, ClientOptions options,
                  Optional<WebSocketContainer> givenContainer, RejoinListener rejoinListener, PresenceEvents presence) {
        int n = CLIENTS.incrementAndGet();
        this.scheduler = DaemonSchedulers.create(2, "channels-client-" + n + "-scheduler");
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.ownsContainer = givenContainer.isEmpty();
        this.container = givenContainer.orElseGet(() -> TyrusContainerSupport.isPresent()
                ? TyrusContainerSupport.newContainer(options) : ContainerProvider.getWebSocketContainer());
        Map<String, Handler> wrapped = new LinkedHashMap<>();
        listeners.forEach((type, h) -> wrapped.put(type, middleware.wrap(h == LEAVE_CHANNEL ? leaveListener() : h)));
        SessionWriterOptions writerOptions = SessionWriterOptions.builder()
                .bounds(options.maxQueuedFrames(), SessionWriterOptions.DEFAULT_MAX_QUEUED_CHARS)
                .sendTimeout(options.writeTimeout())
                .closeExecutor(scheduler)
                .build();
        this.runtime = new ClientRuntime(container, scheduler, options, reconnect,
                new InboundDispatcher(wrapped, serverErrors, clientErrors, presence), writerOptions, this::forget, rejoinListener);
    }

    /** A builder with the seed's defaults: no reconnect, log errors, no listeners. */
    public static ChannelClientBuilder builder() {
        return new ChannelClientBuilder();
    }

    /** Joins {@code channelId} at {@code base} with no headers or parameters. */
    public JoinedChannel join(URI base, String channelId) {
        return join(base, channelId, Map.of(), Map.of());
    }

    /**
     * Opens {@code {base}/{channelId}?{params}} with {@code headers} in the handshake and returns once
     * the server's {@code join.success} has arrived.
     *
     * @throws JoinException when the handshake is refused, the server cannot be reached, or the join
     *                       takes longer than the connect timeout
     * @throws IllegalStateException when the channel is already joined or the client is closed
     */
    public JoinedChannel join(URI base, String channelId, Map<String, List<String>> headers, Map<String, String> params) {
        return join(List.of(Objects.requireNonNull(base, "base")), channelId, headers, params);
    }

    /**
     * Joins {@code channelId} on the first of {@code nodes} (the base URIs of the nodes of one cluster) that
     * accepts it, with no headers or parameters; see {@link #join(List, String, Map, Map)}.
     *
     * @since 0.1.0
     */
    public JoinedChannel join(List<URI> nodes, String channelId) {
        return join(nodes, channelId, Map.of(), Map.of());
    }

    /**
     * As {@link #join(URI, String, Map, Map)}, with the base URIs of several nodes of one cluster: the join
     * tries them in order until one accepts it. With a {@link ReconnectPolicy}, a reconnect moves to the next
     * node: at once when the server closed with 1012 (restart: a draining node), 1013 or 1001, and when a
     * node refuses or cannot be reached (one policy attempt is one round over every node). The rejoin asks
     * for recovery, so with a shared engine the member misses nothing ({@link JoinedChannel#lastRejoinRecovered()}).
     *
     * @throws JoinException the last node's failure, when none accepts the join
     * @since 0.1.0
     */
    public JoinedChannel join(List<URI> nodes, String channelId, Map<String, List<String>> headers, Map<String, String> params) {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(params, "params");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes must not be empty");
        }
        List<URI> uris = nodes.stream().map(base -> ChannelUris.channelUri(base, channelId, params)).toList();
        URI uri = uris.get(0);
        ensureOpen();
        if (channels.containsKey(channelId) || !joining.add(channelId)) {
            throw new IllegalStateException("channel '" + channelId + "' is already joined (or being joined)");
        }
        try {
            Map<String, List<String>> copied = copy(headers);
            SessionConnection session = runtime.options().sessions()
                    ? sessions.computeIfAbsent(new SessionKey(List.copyOf(nodes), copied),
                            k -> new SessionConnection(runtime, k.bases(), k.headers()))
                    : null;
            ChannelConnection connection = new ChannelConnection(runtime, channelId, uris, copied, params, session);
            connection.open();
            channels.put(channelId, connection);
            if (closed) {
                connection.leave("client closed");
                throw new JoinException(JoinException.Reason.CANCELLED, uri, -1, "the client was closed", null);
            }
            return connection;
        } finally {
            joining.remove(channelId);
        }
    }

    /**
     * Leaves {@code channelId}: closes its connection normally, or on a session sends {@code channel.leave}
     * and waits (at most the connect timeout) for the server's {@code leave.success}, except when called
     * from a listener of that session (which must not wait for its own reader thread). False when it was
     * not joined.
     */
    public boolean leave(String channelId) {
        ChannelConnection connection = channels.get(channelId);
        if (connection == null) {
            return false;
        }
        CompletableFuture<Void> left = connection.leave("leave");
        SessionConnection session = connection.session();
        if (session != null && !session.isReaderThread()) {
            try {
                left.get(runtime.options().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.log(Level.DEBUG, "no leave.success for {0} in time", channelId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    /** Whether this client is in {@code channelId} (open, or down and reconnecting). */
    public boolean hasChannel(String channelId) {
        return channels.containsKey(channelId);
    }

    /** The joined channel {@code channelId}, if joined. */
    public Optional<JoinedChannel> channel(String channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    /** The ids of the joined channels. */
    public Set<String> channelIds() {
        return Set.copyOf(channels.keySet());
    }

    /**
     * Sends {@code request} as a new message (fresh id and timestamp) on its channel's connection and
     * returns that message. Returns once queued; messages to one channel go out in order.
     *
     * @throws NotJoinedException when the client is not in the request's channel
     * @throws ChannelUnavailableException when the connection is down (reconnecting) or its queue is full
     */
    public Message publish(Request request) {
        ChannelConnection connection = connection(request.channelId());
        Message message = request.toMessage().withClientId(connection.clientId());
        connection.send(message);
        return message;
    }

    /**
     * Publishes {@code request} with a fresh correlation id and completes with the first message
     * from the server carrying that id. Fails with {@link RequestTimeoutException} after
     * {@code timeout}, {@link ServerErrorReplyException} when the server answers with an error
     * envelope, {@link ChannelUnavailableException} when the connection drops first, or the
     * exception {@link #publish} would throw. Cancelling the future forgets the request.
     */
    public CompletableFuture<Message> requestAsync(Request request, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            ChannelConnection connection = connection(request.channelId());
            String correlationId = UUID.randomUUID().toString();
            CompletableFuture<Message> reply = connection.replies().register(correlationId, timeout,
                    () -> new RequestTimeoutException(request.channelId(), request.type(), correlationId, timeout));
            try {
                connection.send(request.toMessage().withClientId(connection.clientId()).withCorrelationId(correlationId));
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
            return reply;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Asks the server for one page of {@code channelId}'s retained messages ({@code get.history},
     * docs/protocol.md "History query") and completes with its {@code history} reply. Fails as
     * {@link #requestAsync} does, after the client's connect timeout; with {@link ServerErrorReplyException}
     * {@code "404"} when the server keeps no history, {@code "403"} when it does not let this client read it.
     *
     * <pre>{@code
     * HistoryPage page = client.history("room-1", HistoryQuery.since(0)).join();   // oldest first
     * HistoryPage older = client.history("room-1", HistoryQuery.latest(50)).join(); // newest first
     * }</pre>
     *
     * @since 0.1.0
     */
    public CompletableFuture<HistoryPage> history(String channelId, HistoryQuery query) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(query, "query");
        jakarta.json.JsonObject body = HISTORY_JSON.createObjectBuilder()
                .add("since", query.since())
                .add("limit", query.limit())
                .add("reverse", query.reverse())
                .build();
        return requestAsync(Request.of(channelId, MessageTypes.GET_HISTORY, body), runtime.options().connectTimeout())
                .thenApply(reply -> HistoryPage.of(channelId, reply));
    }

    /** The blocking form of {@link #requestAsync}: returns the reply or throws what the future failed with. */
    public Message request(Request request, Duration timeout) {
        CompletableFuture<Message> reply = requestAsync(request, timeout);
        try {
            return reply.get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new IllegalStateException("request-reply did not end in time", e);
        } catch (InterruptedException e) {
            reply.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a reply", e);
        }
    }

    /**
     * Leaves every channel, stops reconnecting, and stops the client's threads (its scheduler and,
     * when it made it, its container). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (ChannelConnection connection : List.copyOf(channels.values())) {
            Link link = connection.currentLink();
            boolean ownLink = connection.session() == null;
            connection.leave("client closed", false); // a session's channels go with the session, below
            if (ownLink && link != null && link.session() != null) {
                closing.add(link.closed);
            }
        }
        for (SessionConnection session : List.copyOf(sessions.values())) {
            CompletableFuture<?> closed = session.close();
            if (closed != null) {
                closing.add(closed);
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.log(Level.DEBUG, "not every connection confirmed its close in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        if (ownsContainer) {
            TyrusContainerSupport.shutdown(container);
        }
    }

    private ChannelConnection connection(String channelId) {
        ensureOpen();
        ChannelConnection connection = channels.get(channelId);
        if (connection == null) {
            throw new NotJoinedException(channelId);
        }
        return connection;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
    }

    private void forget(ChannelConnection connection) {
        channels.remove(connection.channelId(), connection);
    }

    private Handler leaveListener() {
        return (ctx, msg) -> {
            leave(ctx.channelId());
            return msg.noContent();
        };
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Map.copyOf(copy);
    }
}
