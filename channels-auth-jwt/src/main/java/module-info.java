/**
 * Token authentication for the channel server: {@link dev.channels.auth.jwt.JwtHandshakeCheck}, a
 * {@code HandshakeCheck} that verifies a signed JWT (jose4j) from a query parameter, a cookie or a
 * bearer header and admits the connection with the {@code Identity} its claims name; and
 * {@link dev.channels.auth.jwt.HmacTokens}, which signs such tokens with a shared secret (tests, demos,
 * a login endpoint of your own).
 */
module dev.channels.auth.jwt {
    requires transitive dev.channels.server;
    requires org.jose4j;

    exports dev.channels.auth.jwt;
}
