package dev.channels.cdi.internal;

import dev.channels.server.ChannelTracing;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.Instance;

/**
 * The server's tracing in a CDI application: with the application's {@code OpenTelemetry} bean when
 * there is one (MicroProfile Telemetry provides it in Open Liberty, WildFly, Payara and the other
 * MicroProfile servers; an application may produce its own), otherwise {@link ChannelTracing#global()}
 * (the Java agent's, or none). The OpenTelemetry API is optional: without it tracing is off and the
 * nested class that names its types is never loaded. Stateless.
 */
final class TracingBeans {

    private TracingBeans() {
    }

    /** The tracing for the server of the application whose beans {@code beans} are. */
    static ChannelTracing tracing(Instance<Object> beans) {
        try {
            Class.forName("io.opentelemetry.api.OpenTelemetry", false, TracingBeans.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return ChannelTracing.off();
        }
        return WithApi.tracing(beans);
    }

    /** Loaded only when the OpenTelemetry API is present. */
    private static final class WithApi {
        static ChannelTracing tracing(Instance<Object> beans) {
            Instance<OpenTelemetry> bean = beans.select(OpenTelemetry.class);
            return bean.isResolvable() ? ChannelTracing.of(bean.get()) : ChannelTracing.global();
        }
    }
}
