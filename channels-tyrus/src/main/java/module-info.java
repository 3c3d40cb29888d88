/**
 * The standalone runner: the channel server on the Tyrus server and Grizzly, plain or TLS
 * ({@link dev.channels.server.standalone.StandaloneServer}). JSON-P and JSON-B implementations (Parsson,
 * Yasson) are found as services.
 */
module dev.channels.tyrus {
    requires transitive dev.channels.server;
    requires org.glassfish.tyrus.core;
    requires org.glassfish.tyrus.spi;
    requires org.glassfish.tyrus.server;
    requires org.glassfish.tyrus.container.grizzly.client;
    requires org.glassfish.tyrus.container.grizzly.server;
    requires org.glassfish.grizzly;
    requires org.glassfish.grizzly.http;
    requires org.glassfish.grizzly.http.server;

    exports dev.channels.server.standalone;
}
