package dev.channels.cdi.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.server.ChannelsSetting;
import dev.channels.server.OriginPolicy;
import dev.channels.server.RateLimit;
import dev.channels.server.ServerOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text forms of the settings ({@code channels.*} values) and the checks {@link ServerOptions.Builder#build()} makes. */
class SettingsTextFormsTest {

    private static ServerOptions read(Map<String, String> values) {
        return ServerOptions.builder().settings(values::get).build();
    }

    @Test
    void originsAreSameOriginAnyOrAList() {
        String key = ChannelsSetting.ALLOWED_ORIGINS.key();
        assertThat(read(Map.of(key, "*")).originPolicy()).isEqualTo(OriginPolicy.anyOrigin());
        assertThat(read(Map.of(key, "https://a.example, https://b.example:8443/")).originPolicy())
                .isEqualTo(OriginPolicy.allowList("https://a.example", "https://b.example:8443"));
        OriginPolicy both = read(Map.of(key, "same-origin,https://a.example")).originPolicy();
        assertThat(both).isEqualTo(OriginPolicy.sameOrigin().alsoAllowing("https://a.example"));
        assertThat(both.allows("https://a.example", "localhost:8025")).isTrue();
        assertThat(both.allows("http://localhost:8025", "localhost:8025")).isTrue();
        assertThat(both.allows("https://evil.example", "localhost:8025")).isFalse();
        assertThatThrownBy(() -> read(Map.of(key, "*, https://a.example"))).hasMessageContaining(key);
    }

    @Test
    void theRateLimitKeysChangeOnePartEachAndUnlimitedTurnsItOff() {
        ServerOptions o = read(Map.of(ChannelsSetting.RATE_LIMIT_BURST.key(), "7"));
        assertThat(o.rateLimit()).isEqualTo(RateLimit.builder().burst(7).build());
        assertThat(read(Map.of(ChannelsSetting.RATE_LIMIT_MESSAGES_PER_SECOND.key(), "unlimited")).rateLimit().isUnlimited()).isTrue();
        assertThat(ChannelsSetting.RATE_LIMIT_MESSAGES_PER_SECOND.valueIn(
                ServerOptions.builder().rateLimit(RateLimit.unlimited()).build())).isEqualTo("unlimited");
    }

    @Test
    void durationsAreIsoOrSecondsAndBadValuesNameTheirSetting() {
        assertThat(read(Map.of(ChannelsSetting.CHANNEL_TIMEOUT.key(), "90")).channelTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(read(Map.of(ChannelsSetting.CHANNEL_TIMEOUT.key(), "PT2M")).channelTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> read(Map.of(ChannelsSetting.WRITE_TIMEOUT.key(), "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("channels.write-timeout=soon: ");
        assertThatThrownBy(() -> read(Map.of(ChannelsSetting.PRESENCE_EVENTS.key(), "yes")))
                .hasMessageContaining("channels.presence-events");
        assertThatThrownBy(() -> read(Map.of(ChannelsSetting.OVERFLOW_POLICY.key(), "block")))
                .hasMessageContaining("channels.overflow-policy");
    }

    @Test
    void buildChecksTheSettingsTogether() {
        assertThatThrownBy(() -> ServerOptions.builder().pingPeriod(Duration.ofSeconds(60)).build())
                .hasMessageContaining("pingPeriod").hasMessageContaining("pongWait");
        assertThatThrownBy(() -> ServerOptions.builder().historySize(5000).build()).hasMessageContaining("maxQueuedFrames");
        assertThatThrownBy(() -> ServerOptions.builder().basePath("ws/").build()).hasMessageContaining("basePath");
        assertThat(read(Map.of(ChannelsSetting.BASE_PATH.key(), "ws/")).basePath()).as("the text form is lenient").isEqualTo("/ws");
        assertThat(ServerOptions.defaults().toBuilder().maxMessageSize(1).build()).isNotEqualTo(ServerOptions.defaults());
        assertThat(ServerOptions.defaults().toBuilder().build()).isEqualTo(ServerOptions.defaults());
    }

    @Test
    void theEngineUriIsLoggedWithoutItsPassword() {
        ServerOptions o = ServerOptions.builder().engineUri("redis://:secret@redis.internal:6379/0").build();
        assertThat(o.toString()).contains("channels.engine.uri=redis://***@redis.internal:6379/0").doesNotContain("secret");
        assertThat(o.engineUri()).contains("secret");
    }
}
