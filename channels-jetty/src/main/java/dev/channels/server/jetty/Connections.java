package dev.channels.server.jetty;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;

/** Finding the TCP connection under a Jetty endpoint, and resetting it. Stateless. */
final class Connections {

    private static final System.Logger LOG = System.getLogger(Connections.class.getName());

    private Connections() {
    }

    /** The endpoint on the socket itself: {@code endPoint}, or the one under its TLS layer. */
    static EndPoint network(EndPoint endPoint) {
        EndPoint current = endPoint;
        while (current instanceof SslConnection.SslEndPoint tls) {
            current = tls.getSslConnection().getEndPoint();
        }
        return current;
    }

    /**
     * Resets the TCP connection of {@code endPoint} at once (SO_LINGER 0), dropping whatever is still
     * queued for a peer that stopped reading instead of leaving it to the kernel.
     */
    static void abort(EndPoint endPoint) {
        EndPoint network = network(endPoint);
        if (network instanceof SocketChannelEndPoint socket) {
            try {
                socket.getChannel().setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not set SO_LINGER before aborting " + network, e);
            }
        }
        network.close();
    }
}
