package dev.channels.server;

import dev.channels.api.Message;
import dev.channels.server.engine.Publication;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link ChannelTracing} on an OpenTelemetry {@link Tracer}: the only class of the server that uses
 * OpenTelemetry types, loaded only when the API is present. Attributes follow the OpenTelemetry
 * semantic conventions for messaging where they fit ({@code messaging.system=channels},
 * {@code messaging.destination.name} the channel, {@code messaging.message.id},
 * {@code messaging.message.conversation_id} the correlation id, {@code messaging.client.id},
 * {@code messaging.operation.name}/{@code .type}); the rest are {@code channels.*}. Span names never
 * hold a channel id (unbounded) nor a message type no handler is registered for (a client could
 * invent any). The W3C Trace Context propagator is used whatever the application configured: both
 * ends of the publication header are this class. Immutable and thread-safe.
 */
final class OtelTracing extends ChannelTracing {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("messaging.message.conversation_id");
    static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("messaging.client.id");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGE_TYPE = AttributeKey.stringKey("channels.message.type");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("channels.stream.offset");
    static final AttributeKey<Long> MEMBERS = AttributeKey.longKey("channels.members");
    static final String SYSTEM_NAME = "channels";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final boolean clientContext;

    private OtelTracing(Tracer tracer, boolean clientContext) {
        this.tracer = tracer;
        this.clientContext = clientContext;
    }

    /** Tracing on {@code openTelemetry}, or {@link ChannelTracing#off()} when it has no SDK. */
    static ChannelTracing create(OpenTelemetry openTelemetry, boolean clientContext) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        Tracer tracer = openTelemetry.getTracer(SCOPE, "0.1.0");
        if (tracer == TracerProvider.noop().get(SCOPE)) { // the API alone: its spans would be no-ops, made per call
            return ChannelTracing.off();
        }
        return new OtelTracing(tracer, clientContext);
    }

    /** Tracing on the global OpenTelemetry if it was set, without setting it. */
    static ChannelTracing onGlobal() {
        return create(GlobalOpenTelemetry.getOrNoop(), true);
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public ChannelTracing ignoringClientContext() {
        return clientContext ? new OtelTracing(tracer, false) : this;
    }

    @Override
    TraceSpan join(Handshake handshake) {
        SpanBuilder span = tracer.spanBuilder("join")
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(SYSTEM, SYSTEM_NAME)
                .setAttribute(DESTINATION, handshake.channelId());
        if (clientContext) {
            handshake.header(TRACEPARENT).ifPresent(t -> span.setParent(parent(t)));
        }
        return new Current(span.startSpan());
    }

    @Override
    TraceSpan message(Message message, boolean registered) {
        SpanBuilder span = tracer.spanBuilder(registered ? "handle " + message.type() : "handle")
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(SYSTEM, SYSTEM_NAME)
                .setAttribute(OPERATION_NAME, "handle")
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(MESSAGE_TYPE, message.type())
                .setAttribute(DESTINATION, message.channelId())
                .setAttribute(CLIENT_ID, message.clientId());
        setIfAny(span, MESSAGE_ID, message.id());
        setIfAny(span, CONVERSATION_ID, message.correlationId());
        if (clientContext) {
            message.header(TRACEPARENT).ifPresent(t -> span.setParent(parent(t)));
        }
        return new Current(span.startSpan());
    }

    @Override
    TraceSpan publish(String channelId, Message message) {
        SpanBuilder span = tracer.spanBuilder("publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, SYSTEM_NAME)
                .setAttribute(OPERATION_NAME, "publish")
                .setAttribute(OPERATION_TYPE, "send")
                .setAttribute(DESTINATION, channelId)
                .setAttribute(MESSAGE_TYPE, message.type());
        setIfAny(span, MESSAGE_ID, message.id());
        setIfAny(span, CONVERSATION_ID, message.correlationId());
        return new Producer(span.startSpan());
    }

    @Override
    TraceSpan deliver(Publication publication, int members) {
        String traceparent = TraceHeader.traceparent(publication.data());
        if (traceparent == null) {
            return TraceSpan.NONE;
        }
        SpanBuilder span = tracer.spanBuilder("process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(parent(traceparent))
                .setAttribute(SYSTEM, SYSTEM_NAME)
                .setAttribute(OPERATION_NAME, "process")
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(DESTINATION, publication.channelId())
                .setAttribute(MEMBERS, (long) members); // not the (key, int) overload: OpenTelemetry API 1.38+ only, older in Payara 6
        if (publication.position().inStream()) {
            span.setAttribute(OFFSET, publication.offset());
        }
        return new Ended(span.startSpan());
    }

    private static void setIfAny(SpanBuilder span, AttributeKey<String> key, String value) {
        if (value != null && !value.isEmpty()) {
            span.setAttribute(key, value);
        }
    }

    /** The context {@code traceparent} names, under the current one; the current one when it is not valid. */
    private static Context parent(String traceparent) {
        return W3C.extract(Context.current(), traceparent, ONE_VALUE);
    }

    /** Reads a traceparent given as the carrier itself. */
    private static final TextMapGetter<String> ONE_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return Set.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    /** A span that is not made current (a consumer span: nothing runs under it but queueing). */
    private static class Ended implements TraceSpan {
        final Span span;
        private boolean ended;

        Ended(Span span) {
            this.span = span;
        }

        @Override
        public void set(String key, String value) {
            if (value != null && !value.isEmpty()) {
                span.setAttribute(key, value);
            }
        }

        @Override
        public void failed(Throwable error) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        }

        @Override
        public void failed(String description) {
            span.setStatus(StatusCode.ERROR, description);
        }

        @Override
        public Message carry(Message message) {
            return message;
        }

        @Override
        public void end() {
            if (!ended) {
                ended = true;
                close();
                span.end();
            }
        }

        void close() {
        }
    }

    /** A span current on its thread from its start to its end: what runs under it (a handler, a hook, a publish) is its child. */
    private static final class Current extends Ended {
        private final Scope scope;

        Current(Span span) {
            super(span);
            this.scope = span.makeCurrent();
        }

        @Override
        void close() {
            scope.close();
        }
    }

    /** The producer span: the message it publishes carries its context in the {@link TraceHeader}. */
    private static final class Producer extends Ended {
        Producer(Span span) {
            super(span);
        }

        @Override
        public Message carry(Message message) {
            String[] traceparent = new String[1];
            W3C.inject(Context.current().with(span), traceparent, SET_TRACEPARENT);
            if (traceparent[0] == null || traceparent[0].length() != TraceHeader.TRACEPARENT_LENGTH) {
                return message;
            }
            // remove any header of that name first (a client's, copied into a reply): the header must be the last one
            Map<String, List<String>> headers = new LinkedHashMap<>(message.headers());
            headers.keySet().removeIf(TraceHeader.NAME::equalsIgnoreCase);
            headers.put(TraceHeader.NAME, List.of(traceparent[0]));
            return message.withHeaders(headers);
        }
    }

    private static final TextMapSetter<String[]> SET_TRACEPARENT = (carrier, key, value) -> {
        if (carrier != null && TRACEPARENT.equals(key)) {
            carrier[0] = value;
        }
    };

}
