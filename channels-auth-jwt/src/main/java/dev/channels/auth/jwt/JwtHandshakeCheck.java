package dev.channels.auth.jwt;

import dev.channels.server.Handshake;
import dev.channels.server.HandshakeCheck;
import dev.channels.server.HandshakeDecision;
import dev.channels.server.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * A {@link HandshakeCheck} that admits a connection with the {@link Identity} of a signed JWT
 * (docs/protocol.md "Authorization"): browsers cannot set headers on a WebSocket, so the token comes
 * from a query parameter ({@code ?token=...} by default), a cookie ({@code token} by default) or,
 * for other clients, an {@code Authorization: Bearer} header, first found wins. The token must be
 * signed with the configured key (an HMAC secret of at least 32 bytes, a public key, or a JWKS file),
 * not be expired (a small clock skew is allowed) and, when configured, come from the issuer and for
 * the audience. Its {@code sub} claim (or {@link Builder#nameClaim}) names the identity; its
 * {@code roles} and {@code groups} claims (or {@link Builder#rolesClaims}), a string array or a
 * space-separated string, give the roles.
 *
 * <pre>{@code
 * ChannelServer server = ChannelServer.builder()
 *         .handshakeCheck(JwtHandshakeCheck.builder().hmacSecret(secret).build())
 *         .authorizer(ChannelRules.builder().on("private-*").authenticated().build())
 *         .build();
 * // ws://host:8025/ws/private-1?token=eyJhbGciOiJIUzI1NiJ9...
 * }</pre>
 *
 * <p>A connection without a token is admitted as anonymous (the authorizer decides what it may do),
 * or refused after {@link Builder#requireToken()}. An invalid, expired or wrongly signed token is
 * refused (closed with 1008 and "invalid token" or "token expired": the reason never says more);
 * the cause is logged at DEBUG without a stack trace, as it is the client's doing.
 *
 * <p>Immutable and thread-safe: the server calls it on the container thread that opens each connection.
 *
 * @since 0.1.0
 */
public final class JwtHandshakeCheck implements HandshakeCheck {

    private static final System.Logger LOG = System.getLogger(JwtHandshakeCheck.class.getName());

    private final JwtConsumer consumer;
    private final String queryParameter;
    private final String cookie;
    private final boolean bearerHeader;
    private final boolean requireToken;
    private final String nameClaim;
    private final List<String> rolesClaims;

    private JwtHandshakeCheck(Builder b, JwtConsumer consumer) {
        this.consumer = consumer;
        this.queryParameter = b.queryParameter;
        this.cookie = b.cookie;
        this.bearerHeader = b.bearerHeader;
        this.requireToken = b.requireToken;
        this.nameClaim = b.nameClaim;
        this.rolesClaims = List.copyOf(b.rolesClaims);
    }

    /** A new builder; name a key with {@link Builder#hmacSecret}, {@link Builder#publicKey} or {@link Builder#jwksFile}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<String> refuse(Handshake handshake) {
        return admit(handshake).refusal();
    }

    @Override
    public HandshakeDecision admit(Handshake handshake) {
        Optional<String> token = tokenOf(handshake);
        if (token.isEmpty()) {
            return requireToken ? HandshakeDecision.refuse("a token is required") : HandshakeDecision.accept();
        }
        try {
            return HandshakeDecision.acceptAs(identityOf(consumer.processToClaims(token.get())));
        } catch (InvalidJwtException e) {
            boolean expired = e.hasExpired();
            LOG.log(Level.DEBUG, "refused a token for ''{0}'': {1}", handshake.channelId(), e.getMessage());
            return HandshakeDecision.refuse(expired ? "token expired" : "invalid token");
        } catch (MalformedClaimException | IllegalArgumentException e) {
            LOG.log(Level.DEBUG, "refused a token for ''{0}'': {1}", handshake.channelId(), e.getMessage());
            return HandshakeDecision.refuse("invalid token");
        }
    }

    /**
     * The token {@code handshake} carries, unverified: the query parameter, else the cookie, else the
     * bearer header, as configured (e.g. to fall back to another check when there is none).
     */
    public Optional<String> tokenOf(Handshake handshake) {
        Optional<String> token = queryParameter == null ? Optional.empty() : handshake.queryParameter(queryParameter);
        if (token.isEmpty() && cookie != null) {
            token = handshake.cookie(cookie);
        }
        if (token.isEmpty() && bearerHeader) {
            token = handshake.header("Authorization")
                    .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                    .map(h -> h.substring(7).trim());
        }
        return token.filter(t -> !t.isEmpty());
    }

    private Identity identityOf(JwtClaims claims) throws MalformedClaimException {
        String name = claims.getClaimValueAsString(nameClaim);
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the token has no '" + nameClaim + "' claim");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String claim : rolesClaims) {
            Object value = claims.getClaimValue(claim);
            if (value instanceof Collection<?> list) {
                list.forEach(r -> roles.add(String.valueOf(r)));
            } else if (value instanceof String s) {
                for (String r : s.trim().split("\\s+")) {
                    if (!r.isEmpty()) {
                        roles.add(r);
                    }
                }
            }
        }
        return Identity.of(name, roles);
    }

    /**
     * Builds a {@link JwtHandshakeCheck}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private Key key;
        private JsonWebKeySet jwks;
        private boolean hmac;
        private String queryParameter = "token";
        private String cookie = "token";
        private boolean bearerHeader = true;
        private boolean requireToken;
        private String nameClaim = "sub";
        private List<String> rolesClaims = List.of("roles", "groups");
        private String issuer;
        private String audience;
        private Duration clockSkew = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Verifies HS256/HS384/HS512 tokens with {@code secret} (at least 32 bytes). */
        public Builder hmacSecret(byte[] secret) {
            if (secret.length < 32) {
                throw new IllegalArgumentException("an HMAC secret needs at least 32 bytes (256 bits)");
            }
            this.key = new HmacKey(secret.clone());
            this.hmac = true;
            this.jwks = null;
            return this;
        }

        /** Verifies HMAC tokens with the UTF-8 bytes of {@code secret} (at least 32 bytes). */
        public Builder hmacSecret(String secret) {
            return hmacSecret(secret.getBytes(StandardCharsets.UTF_8));
        }

        /** Verifies RS*, PS* or ES* tokens with {@code key}. */
        public Builder publicKey(PublicKey key) {
            this.key = Objects.requireNonNull(key, "key");
            this.hmac = false;
            this.jwks = null;
            return this;
        }

        /** Verifies with the RSA or EC public key in a PEM file ({@code -----BEGIN PUBLIC KEY-----}). */
        public Builder publicKeyPem(Path pemFile) {
            try {
                String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
                byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
                X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
                try {
                    return publicKey(KeyFactory.getInstance("RSA").generatePublic(spec));
                } catch (GeneralSecurityException notRsa) {
                    return publicKey(KeyFactory.getInstance("EC").generatePublic(spec));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the public key " + pemFile, e);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalArgumentException("no RSA or EC public key in " + pemFile + ": " + e.getMessage(), e);
            }
        }

        /** Verifies with the keys of a JWKS file (a JSON Web Key Set), chosen by the token's {@code kid}. */
        public Builder jwksFile(Path jwksFile) {
            try {
                this.jwks = new JsonWebKeySet(Files.readString(jwksFile, StandardCharsets.UTF_8));
                this.key = null;
                this.hmac = false;
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the JWKS " + jwksFile, e);
            } catch (JoseException e) {
                throw new IllegalArgumentException("not a JSON Web Key Set: " + jwksFile + ": " + e.getMessage(), e);
            }
        }

        /** The query parameter that carries the token (default {@code token}); null: none. */
        public Builder queryParameter(String name) {
            this.queryParameter = name;
            return this;
        }

        /** The cookie that carries the token (default {@code token}); null: none. */
        public Builder cookie(String name) {
            this.cookie = name;
            return this;
        }

        /** Whether an {@code Authorization: Bearer} header may carry the token (default true). */
        public Builder bearerHeader(boolean accepted) {
            this.bearerHeader = accepted;
            return this;
        }

        /** Refuses connections without a token (by default they are admitted as anonymous). */
        public Builder requireToken() {
            this.requireToken = true;
            return this;
        }

        /** The claim that names the identity (default {@code sub}). */
        public Builder nameClaim(String claim) {
            this.nameClaim = Objects.requireNonNull(claim, "claim");
            return this;
        }

        /** The claims whose values are roles (default {@code roles} and {@code groups}). */
        public Builder rolesClaims(String... claims) {
            this.rolesClaims = List.of(claims);
            return this;
        }

        /** The issuer ({@code iss}) tokens must name (default: not checked). */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** The audience ({@code aud}) tokens must name (default: not checked). */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** The clock skew allowed on {@code exp} and {@code nbf} (default 30 s). */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = Objects.requireNonNull(skew, "skew");
            return this;
        }

        /** The check; fails when no key was given. */
        public JwtHandshakeCheck build() {
            if (key == null && jwks == null) {
                throw new IllegalStateException("name a key: hmacSecret, publicKey, publicKeyPem or jwksFile");
            }
            JwtConsumerBuilder consumer = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds((int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()));
            if (jwks != null) {
                consumer.setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()));
            } else {
                consumer.setVerificationKey(key);
            }
            List<String> algorithms = new ArrayList<>();
            if (hmac) {
                algorithms.addAll(List.of(AlgorithmIdentifiers.HMAC_SHA256, AlgorithmIdentifiers.HMAC_SHA384,
                        AlgorithmIdentifiers.HMAC_SHA512));
            } else {
                algorithms.addAll(List.of(AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
                        AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                        AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
                        AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512));
            }
            // only these: never "none", never an HMAC keyed with a public key
            consumer.setJwsAlgorithmConstraints(new AlgorithmConstraints(ConstraintType.PERMIT,
                    algorithms.toArray(String[]::new)));
            if (issuer != null) {
                consumer.setExpectedIssuer(issuer);
            }
            if (audience != null) {
                consumer.setExpectedAudience(audience);
            } else {
                consumer.setSkipDefaultAudienceValidation(); // jose4j would refuse every token that names an audience
            }
            return new JwtHandshakeCheck(this, consumer.build());
        }
    }
}
