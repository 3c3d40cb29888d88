package dev.channels.cdi.health;

import dev.channels.cdi.internal.ChannelsRuntime;
import dev.channels.server.Readiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The MicroProfile Health readiness check {@code channels}: UP while the application's channel
 * server {@linkplain dev.channels.server.ChannelServer#readiness() is ready}, DOWN with a
 * {@code problems} entry otherwise; its data also carries {@code connections} and {@code channels}.
 * Added as a bean by the library's CDI extension only when MicroProfile Health is on the class path
 * (WildFly, Payara, Open Liberty with {@code mpHealth}); the application does nothing. Called on the
 * health endpoint's thread; reads the server without blocking.
 *
 * @since 0.1.0
 */
@org.eclipse.microprofile.health.Readiness
@ApplicationScoped
public class ChannelsReadinessCheck implements HealthCheck {

    /** The check's name in the health report. */
    public static final String NAME = "channels";

    @Inject
    ChannelsRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        Map<String, Object> data = new LinkedHashMap<>();
        Readiness readiness;
        try {
            var server = runtime.server();
            readiness = server.readiness();
            data.put("connections", (long) server.connectionCount());
            data.put("channels", (long) server.channels().size());
        } catch (IllegalStateException stillBuilding) {
            readiness = new Readiness(java.util.List.of("the channel server is being built"));
        }
        if (!readiness.ready()) {
            data.put("problems", String.join("; ", readiness.problems()));
        }
        return new HealthCheckResponse(NAME, readiness.ready() ? HealthCheckResponse.Status.UP
                : HealthCheckResponse.Status.DOWN, Optional.of(data));
    }
}
