package dev.channels.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

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
        byte[] keyBytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(keyBytes);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(keyBytes) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("server closed during handshake: " + head);
            }
            head.write(b);
        }
        String response = head.toString(StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + response);
        }
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
