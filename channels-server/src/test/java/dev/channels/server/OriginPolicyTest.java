package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The origin comparison itself; the wire behaviour is in {@link OriginCheckTest}. */
class OriginPolicyTest {

    @Test
    void sameOriginAllowsNoOriginAndTheHostsOwnOriginOnly() {
        OriginPolicy p = OriginPolicy.sameOrigin();
        assertThat(p.allows(null, "chat.example.com")).isTrue();
        assertThat(p.allows("https://chat.example.com", "chat.example.com")).isTrue();
        assertThat(p.allows("https://chat.example.com:443", "chat.example.com")).isTrue();
        assertThat(p.allows("http://localhost:8025", "localhost:8025")).isTrue();
        assertThat(p.allows("HTTP://LocalHost:8025", "localhost:8025")).isTrue();
        assertThat(p.allows("http://localhost:9000", "localhost:8025")).isFalse();
        assertThat(p.allows("https://evil.example", "chat.example.com")).isFalse();
        assertThat(p.allows("null", "chat.example.com")).isFalse();
        assertThat(p.allows("https://chat.example.com", null)).isFalse();
    }

    @Test
    void beforeTheHostIsKnownOnlyOriginsNoHostCouldAllowAreRefused() {
        assertThat(OriginPolicy.sameOrigin().mayAllow("https://evil.example")).isTrue(); // decided with the Host
        assertThat(OriginPolicy.sameOrigin().mayAllow("null")).isFalse();
        assertThat(OriginPolicy.allowList("https://app.example.com").mayAllow("https://evil.example")).isFalse();
        assertThat(OriginPolicy.allowList("https://app.example.com").mayAllow("https://APP.example.com/")).isTrue();
    }

    @Test
    void anAllowListIgnoresTheHost() {
        OriginPolicy p = OriginPolicy.allowList("https://app.example.com");
        assertThat(p.allows("https://app.example.com", "ws.example.com")).isTrue();
        assertThat(p.allows("https://ws.example.com", "ws.example.com")).isFalse();
        assertThat(p.allows(null, "ws.example.com")).isTrue();
        assertThat(OriginPolicy.sameOrigin().alsoAllowing("https://app.example.com")
                .allows("https://app.example.com", "ws.example.com")).isTrue();
        assertThat(OriginPolicy.anyOrigin().allows("https://evil.example", "ws.example.com")).isTrue();
    }
}
