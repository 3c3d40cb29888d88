package dev.channels.api;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a handler knows about the message it handles: the Java form of Go's {@code context.Context}
 * in the seed's handlers.
 *
 * <p>It carries the connection's {@code clientId} and {@code channelId}, the handshake's headers,
 * query parameters and user principal, a deadline and cancellation, and values that middleware
 * attach for handlers further in ({@link #withValue}). Contexts are immutable except for their
 * cancellation flag; {@link #withDeadline} and {@link #withValue} derive children that are cancelled
 * when their parent is. Safe to share between threads.
 *
 * @since 0.1.0
 */
public final class HandlerContext {

    private final String clientId;
    private final String channelId;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> queryParameters;
    private final Principal principal;
    private final Instant deadline;
    private final Map<Object, Object> values;
    private final HandlerContext parent;
    /** Only ever set to true (no compare-and-set needed): a volatile field, not an AtomicBoolean per connection. */
    private volatile boolean cancelled;

    private HandlerContext(String clientId, String channelId, Map<String, List<String>> headers,
                           Map<String, List<String>> queryParameters, Principal principal, Instant deadline,
                           Map<Object, Object> values, HandlerContext parent) {
        this.clientId = clientId == null ? "" : clientId;
        this.channelId = channelId == null ? "" : channelId;
        this.headers = headers; // unmodifiable copies made once by of(...), shared by children
        this.queryParameters = queryParameters;
        this.principal = principal;
        this.deadline = deadline;
        this.values = values;
        this.parent = parent;
    }

    /** A context for a connection, with no deadline. */
    public static HandlerContext of(String clientId, String channelId, Map<String, List<String>> headers,
                                    Map<String, List<String>> queryParameters, Principal principal) {
        return new HandlerContext(clientId, channelId, HeaderMaps.copy(headers), HeaderMaps.copy(queryParameters),
                principal, null, Map.of(), null);
    }

    /** A context with only ids, for tests and server-side sends. */
    public static HandlerContext of(String clientId, String channelId) {
        return of(clientId, channelId, Map.of(), Map.of(), null);
    }

    /** The id the server gave the connection the message came from. */
    public String clientId() {
        return clientId;
    }

    /** The channel the connection joined. */
    public String channelId() {
        return channelId;
    }

    /** The handshake's HTTP headers, unmodifiable. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of handshake header {@code name}, matched case-insensitively. */
    public Optional<String> header(String name) {
        return HeaderMaps.first(headers, name);
    }

    /** The handshake's query parameters, unmodifiable. */
    public Map<String, List<String>> queryParameters() {
        return queryParameters;
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> queryParameter(String name) {
        List<String> values = queryParameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The authenticated user of the handshake, when the container knows one. */
    public Optional<Principal> userPrincipal() {
        return Optional.ofNullable(principal);
    }

    /** When the handler should give up, if a deadline is set. */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    /** Time left until the deadline (negative when passed), if one is set. */
    public Optional<Duration> remaining() {
        return deadline().map(d -> Duration.between(Instant.now(), d));
    }

    /** Whether this context, or an ancestor, was cancelled or its deadline has passed. */
    public boolean isCancelled() {
        return cancelled
                || (deadline != null && !Instant.now().isBefore(deadline))
                || (parent != null && parent.isCancelled());
    }

    /** Cancels this context and its descendants. */
    public void cancel() {
        cancelled = true;
    }

    /** A child context whose deadline is the earlier of this one's and {@code deadline}. */
    public HandlerContext withDeadline(Instant deadline) {
        Instant effective = this.deadline != null && this.deadline.isBefore(deadline) ? this.deadline : deadline;
        return new HandlerContext(clientId, channelId, headers, queryParameters, principal, effective, values, this);
    }

    /** A child context that also carries {@code value} under {@code key}. */
    public HandlerContext withValue(Object key, Object value) {
        Map<Object, Object> copy = new HashMap<>(values);
        copy.put(key, value);
        return new HandlerContext(clientId, channelId, headers, queryParameters, principal, deadline,
                Map.copyOf(copy), this);
    }

    /** The value a middleware attached under {@code key}. */
    public <T> Optional<T> value(Object key, Class<T> type) {
        Object v = values.get(key);
        return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "HandlerContext[clientId=" + clientId + ", channelId=" + channelId + ", deadline=" + deadline + "]";
    }
}
