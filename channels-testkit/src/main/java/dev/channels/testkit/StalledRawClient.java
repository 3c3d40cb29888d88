package dev.channels.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A WebSocket client on a raw TCP socket that completes the opening handshake and then never reads,
 * so the server's socket buffer fills up: the slow reader of the slow-reader tests.
 */
public final class StalledRawClient implements AutoCloseable {

    private final Socket socket;
    private final String handshakeResponse;

    private StalledRawClient(Socket socket, String handshakeResponse) {
        this.socket = socket;
        this.handshakeResponse = handshakeResponse;
    }

    /** Connects to {@code localhost:port}, upgrades on {@code path} and stops reading. */
    public static StalledRawClient connect(int port, String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("localhost", port), 5000);
        socket.setSoTimeout(5000);
        String response = Wire.upgrade(socket, port, path);
        return new StalledRawClient(socket, response);
    }

    /** The local port of this client's TCP connection. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** The server's handshake response head. */
    public String handshakeResponse() {
        return handshakeResponse;
    }

    /** Closes the socket abruptly (no closing handshake). */
    @Override
    public void close() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }
}
