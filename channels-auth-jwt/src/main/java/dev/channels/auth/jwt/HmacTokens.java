package dev.channels.auth.jwt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Signs HS256 tokens that a {@link JwtHandshakeCheck} with the same secret admits: for tests, demos
 * and a login endpoint of your own (in production an identity provider usually signs them, with a
 * key pair). Immutable and thread-safe.
 *
 * <pre>{@code
 * HmacTokens tokens = new HmacTokens(secret);
 * String token = tokens.sign("alice", List.of("admin"), Duration.ofHours(1));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class HmacTokens {

    private final byte[] secret;

    /** A signer with {@code secret} (at least 32 bytes). */
    public HmacTokens(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("an HMAC secret needs at least 32 bytes (256 bits)");
        }
        this.secret = secret.clone();
    }

    /** A signer with the UTF-8 bytes of {@code secret} (at least 32 bytes). */
    public HmacTokens(String secret) {
        this(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** A token for {@code subject} with {@code roles} (claim {@code roles}) that expires after {@code validFor} (negative: already expired). */
    public String sign(String subject, Collection<String> roles, Duration validFor) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(Objects.requireNonNull(subject, "subject"));
        claims.setIssuedAtToNow();
        NumericDate expires = NumericDate.now();
        expires.addSeconds(validFor.toSeconds());
        claims.setExpirationTime(expires);
        claims.setStringListClaim("roles", List.copyOf(roles));
        return sign(claims);
    }

    /** A token for {@code subject} with {@code roles}, valid for an hour. */
    public String sign(String subject, String... roles) {
        return sign(subject, List.of(roles), Duration.ofHours(1));
    }

    private String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(secret));
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }
}
