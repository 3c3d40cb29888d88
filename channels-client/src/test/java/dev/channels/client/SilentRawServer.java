package dev.channels.client;

import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written WebSocket server that completes the handshake, sends {@code join.success}, and then
 * reads and ignores everything, pings included: a server that has died without closing the TCP
 * connection, as seen by a client. Like a Go server it has no sessions ({@code /ws} itself: 404). One thread accepts; one thread per connection drains input.
 */
final class SilentRawServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    final AtomicInteger handshakes = new AtomicInteger();

    SilentRawServer() throws IOException {
        socket = new ServerSocket(0);
        Thread acceptor = new Thread(this::accept, "silent-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI base() {
        return URI.create("ws://localhost:" + socket.getLocalPort() + "/ws");
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.add(s);
                Thread t = new Thread(() -> serve(s), "silent-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            InputStream in = s.getInputStream();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            String key = null;
            String requestLine = reader.readLine();
            if (requestLine != null && requestLine.startsWith("GET /ws ")) { // {base}: no sessions here, as a Go server
                s.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.close();
                return;
            }
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] join = EnvelopeCodec.encode(Message.create(MessageTypes.JOIN_SUCCESS, "room-1")
                    .withClientId("silent-" + handshakes.incrementAndGet())).getBytes(StandardCharsets.UTF_8);
            out.write(new byte[] {(byte) 0x81, 126, (byte) (join.length >> 8), (byte) join.length});
            out.write(join);
            out.flush();
            while (reader.read() >= 0) {
                // ignore everything: no pong, no close reply
            }
        } catch (Exception e) {
            // connection gone
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
