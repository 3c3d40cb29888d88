package dev.channels.server;

import dev.channels.api.Message;
import dev.channels.server.engine.Publication;
import io.opentelemetry.api.OpenTelemetry;

/**
 * Tracing of a {@link ChannelServer} with OpenTelemetry: a span for each join, for each message the
 * server handles, for each channel message it publishes through its engine (a producer span) and for
 * each delivery of such a publication on every node (a consumer span in the same trace: the trace
 * context travels inside the publication). Span names and attributes: the README's "Tracing".
 *
 * <p>Only the OpenTelemetry <em>API</em> is used, and it is optional: without it on the class path (or
 * module path) tracing is off. Give the server one with {@link ChannelServer.Builder#tracing}; by
 * default it uses {@link #global()}, the {@code GlobalOpenTelemetry} as set when the server is built
 * (by the OpenTelemetry Java agent, or by an application that built the SDK and registered it
 * globally). When the {@code OpenTelemetry} given (or the global) has no SDK behind it, its tracer
 * provider is the API's no-op one and this is {@link #off()}: the server then makes no span object
 * at all, and the cost per message is a call to a constant.
 *
 * <p>Incoming context: a client frame with a {@code traceparent} header (W3C Trace Context) has its
 * handling span made a child of that context, and so has a join whose handshake has one, as HTTP
 * server instrumentation does; {@link #ignoringClientContext()} turns that off for servers whose
 * clients should not choose traces (nor, under a parent-based sampler, force sampling).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public abstract sealed class ChannelTracing permits ChannelTracing.Off, OtelTracing {

    /** The instrumentation scope of the server's spans. */
    static final String SCOPE = "dev.channels.server";

    private static final ChannelTracing OFF = new Off();

    ChannelTracing() {
    }

    /**
     * Tracing with {@code openTelemetry} (an SDK, the agent's, or a MicroProfile Telemetry bean);
     * {@link #off()} when its tracer provider is the no-op one.
     */
    public static ChannelTracing of(OpenTelemetry openTelemetry) {
        return OtelTracing.create(openTelemetry, true);
    }

    /**
     * Tracing with {@code GlobalOpenTelemetry} as it is now, if it was set (it is not set here: a
     * later {@code GlobalOpenTelemetry.set} still works, but servers built before it do not trace);
     * {@link #off()} when it was not set or when the OpenTelemetry API is not present.
     */
    public static ChannelTracing global() {
        if (!apiPresent()) {
            return OFF;
        }
        return OtelTracing.onGlobal();
    }

    /** No tracing: no span, no cost. */
    public static ChannelTracing off() {
        return OFF;
    }

    /** Whether spans are made (false for {@link #off()}). */
    public abstract boolean isEnabled();

    /**
     * This tracing, but a {@code traceparent} a client sends (in a frame's headers or its handshake)
     * is ignored: every join and handled message starts a trace of its own.
     */
    public abstract ChannelTracing ignoringClientContext();

    /** The span of a join to {@code handshake.channelId()}, current until it ends. */
    abstract TraceSpan join(Handshake handshake);

    /**
     * The span of handling {@code message} (already stamped with its sender and channel), current until
     * it ends; {@code registered}: whether its type has a handler or is one the server answers, so that
     * only those types (not whatever a client sends) name spans.
     */
    abstract TraceSpan message(Message message, boolean registered);

    /** The producer span of publishing {@code message} to {@code channelId} through the engine. */
    abstract TraceSpan publish(String channelId, Message message);

    /**
     * The consumer span of delivering {@code publication} to {@code members} members of this node;
     * {@link TraceSpan#NONE} when the publication carries no trace context (its publisher did not trace).
     */
    abstract TraceSpan deliver(Publication publication, int members);

    private static boolean apiPresent() {
        try {
            Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, ChannelTracing.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return isEnabled() ? "ChannelTracing[OpenTelemetry]" : "ChannelTracing[off]";
    }

    /** Tracing off: every span is {@link TraceSpan#NONE}. */
    static final class Off extends ChannelTracing {
        @Override
        public boolean isEnabled() {
            return false;
        }

        @Override
        public ChannelTracing ignoringClientContext() {
            return this;
        }

        @Override
        TraceSpan join(Handshake handshake) {
            return TraceSpan.NONE;
        }

        @Override
        TraceSpan message(Message message, boolean registered) {
            return TraceSpan.NONE;
        }

        @Override
        TraceSpan publish(String channelId, Message message) {
            return TraceSpan.NONE;
        }

        @Override
        TraceSpan deliver(Publication publication, int members) {
            return TraceSpan.NONE;
        }
    }
}
