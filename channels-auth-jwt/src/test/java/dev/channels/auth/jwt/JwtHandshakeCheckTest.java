package dev.channels.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.api.Envelope;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.server.ChannelRules;
import dev.channels.server.ChannelServer;
import dev.channels.server.standalone.StandaloneServer;
import dev.channels.testkit.LogCapture;
import dev.channels.testkit.RecordingClient;
import jakarta.websocket.CloseReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JWT handshake check over real sockets on the standalone (Tyrus) runner: a valid token from the
 * query or a cookie admits its identity (stamped into userId, its roles seen by the rules); an
 * expired, wrongly signed or garbled token is refused (1008) with no stack trace logged.
 */
class JwtHandshakeCheckTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";

    private StandaloneServer running;
    private final List<RecordingClient> clients = new java.util.ArrayList<>();

    /** Clients first: a client's close frame that reaches a stopped runner is logged at WARNING by Tyrus. */
    @AfterEach
    void stop() throws Exception {
        for (RecordingClient c : clients) {
            c.close();
            c.closed().get(20, TimeUnit.SECONDS);
        }
        clients.clear();
        if (running != null) {
            running.close();
            running = null;
        }
    }

    private void start(JwtHandshakeCheck check) throws Exception {
        ChannelServer server = ChannelServer.builder()
                .handshakeCheck(check)
                .authorizer(ChannelRules.builder().on("private-*").authenticated().on("admin-*").anyRole("admin").build())
                .channelHandler("chat", (ctx, msg) -> Optional.of(msg.newFrom("chat").withBody(msg.body())))
                .build();
        running = StandaloneServer.start(server, 0);
    }

    private RecordingClient connect(String channelAndQuery, Map<String, List<String>> headers) throws Exception {
        RecordingClient c = RecordingClient.connect("ws://localhost:" + running.port() + "/ws/" + channelAndQuery, headers);
        clients.add(c);
        return c;
    }

    private static Message next(RecordingClient c) throws InterruptedException {
        Envelope e = EnvelopeCodec.decode(c.next(WAIT));
        assertThat(e).isInstanceOf(Message.class);
        return (Message) e;
    }

    /** Joins, publishes a chat with a forged userId, and returns the userId the echo carries. */
    private String stampedUserId(RecordingClient c) throws Exception {
        assertThat(next(c).type()).isEqualTo(MessageTypes.JOIN_SUCCESS);
        c.send(EnvelopeCodec.encode(Message.builder().id("m").type("chat").channelId("x").userId("forged").build()));
        return next(c).userId();
    }

    @Test
    void aValidTokenInTheQueryAdmitsItsIdentityWithItsRoles() throws Exception {
        start(JwtHandshakeCheck.builder().hmacSecret(SECRET).build());
        String token = new HmacTokens(SECRET).sign("alice", "admin");
        assertThat(stampedUserId(connect("admin-ops?token=" + token, Map.of()))).isEqualTo("alice");
        String noRole = new HmacTokens(SECRET).sign("bob");
        CloseReason refused = connect("admin-ops?token=" + noRole, Map.of()).closed().get(20, TimeUnit.SECONDS);
        assertThat(refused.getCloseCode().getCode()).isEqualTo(1008);
        assertThat(stampedUserId(connect("private-1?token=" + noRole, Map.of()))).isEqualTo("bob");
    }

    @Test
    void aValidTokenInACookieOrABearerHeaderIsAccepted() throws Exception {
        start(JwtHandshakeCheck.builder().hmacSecret(SECRET).build());
        String token = new HmacTokens(SECRET).sign("carol");
        assertThat(stampedUserId(connect("private-1", Map.of("Cookie", List.of("theme=dark; token=" + token)))))
                .isEqualTo("carol");
        assertThat(stampedUserId(connect("private-1", Map.of("Authorization", List.of("Bearer " + token)))))
                .isEqualTo("carol");
    }

    @Test
    void noTokenIsAnonymousWhomTheRulesRefuseWhereTheySayAndRequireTokenRefusesIt() throws Exception {
        start(JwtHandshakeCheck.builder().hmacSecret(SECRET).build());
        assertThat(stampedUserId(connect("lobby", Map.of()))).isEmpty();
        CloseReason refused = connect("private-1", Map.of()).closed().get(20, TimeUnit.SECONDS);
        assertThat(refused.getCloseCode().getCode()).isEqualTo(1008);
        assertThat(refused.getReasonPhrase()).contains("forbidden");
        stop();
        start(JwtHandshakeCheck.builder().hmacSecret(SECRET).requireToken().build());
        CloseReason required = connect("lobby", Map.of()).closed().get(20, TimeUnit.SECONDS);
        assertThat(required.getReasonPhrase()).isEqualTo("a token is required");
    }

    @Test
    void expiredBadlySignedAndGarbledTokensAreRefusedWithoutAStackTraceAtWarning() throws Exception {
        start(JwtHandshakeCheck.builder().hmacSecret(SECRET).clockSkew(Duration.ZERO).build());
        try (LogCapture log = LogCapture.root()) {
            String expired = new HmacTokens(SECRET).sign("alice", List.of(), Duration.ofSeconds(-60));
            CloseReason e = connect("lobby?token=" + expired, Map.of()).closed().get(20, TimeUnit.SECONDS);
            assertThat(e.getCloseCode().getCode()).isEqualTo(1008);
            assertThat(e.getReasonPhrase()).isEqualTo("token expired");

            String forged = new HmacTokens("another-secret-of-at-least-32-bytes!!").sign("alice", "admin");
            CloseReason f = connect("lobby?token=" + forged, Map.of()).closed().get(20, TimeUnit.SECONDS);
            assertThat(f.getReasonPhrase()).isEqualTo("invalid token");

            CloseReason g = connect("lobby?token=not.a.jwt", Map.of()).closed().get(20, TimeUnit.SECONDS);
            assertThat(g.getReasonPhrase()).isEqualTo("invalid token");

            // "alg":"none" with the claims of a valid token
            String[] parts = new HmacTokens(SECRET).sign("alice", "admin").split("\\.");
            String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                    + "." + parts[1] + ".";
            CloseReason n = connect("lobby?token=" + none, Map.of()).closed().get(20, TimeUnit.SECONDS);
            assertThat(n.getReasonPhrase()).isEqualTo("invalid token");

            assertThat(log.records()).noneMatch(r -> r.getThrown() != null);
            assertThat(log.records()).noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
        }
    }

    @Test
    void aJwksFileVerifiesRsaTokensByKidAndAPemPublicKeyToo(@TempDir Path dir) throws Exception {
        RsaJsonWebKey jwk = org.jose4j.jwk.RsaJwkGenerator.generateJwk(2048);
        jwk.setKeyId("k1");
        Path jwks = Files.writeString(dir.resolve("jwks.json"), new JsonWebKeySet(jwk).toJson());
        JwtClaims claims = new JwtClaims();
        claims.setSubject("dave");
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setStringListClaim("groups", List.of("admin"));
        claims.setAudience("some-client"); // not checked unless an audience is configured
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue("k1");
        jws.setKey(jwk.getPrivateKey());
        String token = jws.getCompactSerialization();

        start(JwtHandshakeCheck.builder().jwksFile(jwks).build());
        assertThat(stampedUserId(connect("admin-1?token=" + token, Map.of()))).isEqualTo("dave");
        stop();

        Path pem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(jwk.getPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        start(JwtHandshakeCheck.builder().publicKeyPem(pem).build());
        assertThat(stampedUserId(connect("admin-1?token=" + token, Map.of()))).isEqualTo("dave");
        KeyPair other = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        jws.setKey(other.getPrivate());
        CloseReason refused = connect("admin-1?token=" + jws.getCompactSerialization(), Map.of()).closed()
                .get(20, TimeUnit.SECONDS);
        assertThat(refused.getReasonPhrase()).isEqualTo("invalid token");
    }

    @Test
    void aConfiguredIssuerOrAudienceMustBeNamedByTheToken() {
        String token = new HmacTokens(SECRET).sign("alice");
        dev.channels.server.Handshake h = new dev.channels.server.Handshake("c", Map.of(), Map.of("token", List.of(token)), null);
        assertThat(JwtHandshakeCheck.builder().hmacSecret(SECRET).build().admit(h).identity())
                .contains(dev.channels.server.Identity.of("alice"));
        assertThat(JwtHandshakeCheck.builder().hmacSecret(SECRET).issuer("https://idp").build().admit(h).refusal())
                .contains("invalid token");
        assertThat(JwtHandshakeCheck.builder().hmacSecret(SECRET).audience("chat").build().admit(h).refusal())
                .contains("invalid token");
    }

    @Test
    void aShortSecretAndAMissingKeyAreConfigurationErrors() {
        assertThatThrownBy(() -> JwtHandshakeCheck.builder().hmacSecret("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtHandshakeCheck.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
