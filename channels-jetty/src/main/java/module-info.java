/**
 * The standalone runner on Jetty 12 (ee10) and Jetty's own Jakarta WebSocket implementation
 * ({@link dev.channels.server.jetty.JettyChannelServer}), plain or TLS. Jetty 12's jars are named modules. JSON-P and
 * JSON-B implementations (Parsson, Yasson) are found as services.
 */
module dev.channels.jetty {
    requires transitive dev.channels.server;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.ee10.servlet;
    requires org.eclipse.jetty.ee10.websocket.jakarta.server;
    requires org.eclipse.jetty.ee10.websocket.jakarta.common;
    requires org.eclipse.jetty.websocket.core.common;

    exports dev.channels.server.jetty;
}
