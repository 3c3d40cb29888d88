package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.transport.OverflowPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Server settings checked without a socket: option combinations that cannot work, and the handshake check's defaults. */
class ServerSettingsTest {

    @Test
    void historyOptionsThatCannotWorkAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> ServerOptions.builder().historySize(5000).historyTtl(Duration.ofMinutes(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxQueuedFrames");
        assertThatThrownBy(() -> ServerOptions.builder().historySize(10).historyTtl(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("historyTtl");
        assertThatThrownBy(() -> ServerOptions.builder().historySize(-1).historyTtl(Duration.ofMinutes(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("historySize");
        assertThat(ServerOptions.builder().maxQueuedFrames(10_000).maxQueuedChars(64L << 20).overflowPolicy(OverflowPolicy.DISCONNECT)
                .historySize(5000).historyTtl(Duration.ofMinutes(1)).build().historySize()).isEqualTo(5000);
    }

    @Test
    void theDefaultHandshakeCheckLeavesTheUserIdToThePrincipal() {
        Handshake anonymous = new Handshake("c", Map.of(), Map.of(), null);
        assertThat(HandshakeCheck.ALLOW_ALL.admit(anonymous).userId()).isEmpty();
        HandshakeCheck legacy = h -> Optional.of("closed today");
        assertThat(legacy.admit(anonymous).refusal()).contains("closed today");
    }
}
