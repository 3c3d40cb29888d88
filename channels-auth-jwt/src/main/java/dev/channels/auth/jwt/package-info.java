/**
 * A handshake check for signed JWTs ({@link dev.channels.auth.jwt.JwtHandshakeCheck}) and an HMAC
 * token signer ({@link dev.channels.auth.jwt.HmacTokens}).
 *
 * @since 0.1.0
 */
package dev.channels.auth.jwt;
