package dev.channels.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** The wire steps the raw clients ({@link RawFrameClient}, {@link StalledRawClient}, {@link RawWebSocket}) share. */
final class Wire {

    private Wire() {
    }

    /**
     * Sends an opening handshake for {@code path} (as given, not normalised) with a fresh key over
     * {@code socket} and reads the response head. Returns that head when it is a 101; otherwise closes
     * the socket and throws.
     */
    static String upgrade(Socket socket, int port, String path) throws IOException {
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
        String response = readHead(socket.getInputStream());
        if (!isComplete(response)) {
            socket.close();
            throw new IOException("server closed during handshake: " + response);
        }
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + response);
        }
        return response;
    }

    /**
     * Reads an HTTP response head byte by byte, through its blank line, so that nothing after it is
     * consumed; at the end of the stream, what came so far ({@link #isComplete} tells).
     */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!isComplete(head.toString(StandardCharsets.ISO_8859_1))) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code head} ends with the blank line that ends a response head. */
    static boolean isComplete(String head) {
        return head.endsWith("\r\n\r\n");
    }

    /** The payload length of a frame whose second byte was {@code second}, reading its extended length if any. */
    static long payloadLength(DataInputStream in, int second) throws IOException {
        long length = second & 0x7f;
        if (length == 126) {
            return in.readUnsignedShort();
        }
        if (length == 127) {
            return in.readLong();
        }
        return length;
    }
}
