/**
 * Test support shared by the project's tests, Arquillian suite and benchmarks: {@link
 * dev.channels.testkit.RedisServerProcess} (a real {@code redis-server} on a free port), {@link
 * dev.channels.testkit.TyrusTestServer} (endpoint configurations on a plain Tyrus container, plain or
 * TLS), raw and recording WebSocket clients, {@link dev.channels.testkit.CuttableProxy}, {@link
 * dev.channels.testkit.FakeSession} and {@link dev.channels.testkit.ManualClock} for unit tests. Knows
 * no channels-* module (they test-depend on it). Not published.
 */
module dev.channels.testkit {
    requires transitive jakarta.websocket;
    requires transitive jakarta.websocket.client;
    requires org.glassfish.tyrus.core;
    requires org.glassfish.tyrus.spi;
    requires org.glassfish.tyrus.server;
    requires org.glassfish.tyrus.client;
    requires org.glassfish.tyrus.container.grizzly.server;
    requires org.glassfish.tyrus.container.grizzly.client;
    requires org.assertj.core;
    requires java.management;
    requires java.logging;

    exports dev.channels.testkit;
}
