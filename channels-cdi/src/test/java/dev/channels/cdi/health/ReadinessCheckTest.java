package dev.channels.cdi.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import jakarta.enterprise.util.AnnotationLiteral;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/** With MicroProfile Health on the class path, the library adds a readiness check that follows the server. */
class ReadinessCheckTest {

    private static final class ReadinessLiteral extends AnnotationLiteral<Readiness> implements Readiness {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void theReadinessCheckIsUpWhileTheServerServesAndDownOnceItIsClosed() throws Exception {
        try (ChannelsSe channels = ChannelsSe.builder().port(0).disableDiscovery().start()) {
            HealthCheck check = channels.container().select(HealthCheck.class, new ReadinessLiteral()).get();
            try (TestClient member = TestClient.join(channels.channelUri("health"))) {
                HealthCheckResponse up = check.call();
                assertThat(up.getName()).isEqualTo("channels");
                assertThat(up.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
                assertThat(up.getData()).hasValueSatisfying(d -> assertThat(d)
                        .containsEntry("connections", 1L).containsEntry("channels", 1L).doesNotContainKey("problems"));
            }

            channels.server().close();
            HealthCheckResponse down = check.call();
            assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(down.getData()).hasValueSatisfying(d -> assertThat(d.get("problems")).asString().contains("server closed"));
        }
    }
}
