package dev.channels.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a raw TCP socket that can send frames no well-behaved client library would:
 * invalid UTF-8, reserved opcodes or bits, stray continuations, oversized control frames. It reads
 * the server's frames itself, so a test can see the text frames and the close code the server sent.
 * Used from one test thread.
 */
public final class RawFrameClient implements AutoCloseable {

    /** A frame from the server. */
    public record Frame(int opcode, byte[] payload) {
        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, 1005 when it has none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String handshakeResponse;

    private RawFrameClient(Socket socket, DataInputStream in, String handshakeResponse) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.handshakeResponse = handshakeResponse;
    }

    /** Connects to {@code localhost:port} and upgrades on {@code path} (as sent, not normalised). */
    public static RawFrameClient connect(int port, String path) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("localhost", port), 5000);
        return upgrade(socket, port, path);
    }

    /** As {@link #connect(int, String)}, over TLS with {@code tls} (which must trust the server). */
    public static RawFrameClient connectTls(int port, String path, javax.net.ssl.SSLContext tls) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("localhost", port), 5000);
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                .createSocket(plain, "localhost", port, true);
        socket.startHandshake();
        return upgrade(socket, port, path);
    }

    private static RawFrameClient upgrade(Socket socket, int port, String path) throws IOException {
        socket.setSoTimeout(15_000);
        String response = Wire.upgrade(socket, port, path);
        return new RawFrameClient(socket, new DataInputStream(socket.getInputStream()), response);
    }

    /** The server's handshake response head. */
    public String handshakeResponse() {
        return handshakeResponse;
    }

    /** Sends one masked frame with the given first byte (FIN, RSV bits, opcode) and payload. */
    public void sendFrame(int firstByte, byte[] payload) throws IOException {
        out.write(frame(firstByte, payload));
        out.flush();
    }

    /** Sends {@code bytes} as they are (frames made with {@link #frame}, say, many in one write). */
    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The bytes of one masked frame with the given first byte (FIN, RSV bits, opcode) and payload. */
    public static byte[] frame(int firstByte, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        encode(f, firstByte, payload);
        return f.toByteArray();
    }

    /** Sends final text frames, all in one write (as a flooding client would). */
    public void sendTexts(java.util.List<String> texts) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        for (String text : texts) {
            encode(f, 0x81, text.getBytes(StandardCharsets.UTF_8));
        }
        out.write(f.toByteArray());
        out.flush();
    }

    private static void encode(ByteArrayOutputStream f, int firstByte, byte[] payload) {
        f.write(firstByte);
        int len = payload.length;
        if (len < 126) {
            f.write(0x80 | len);
        } else if (len <= 0xFFFF) {
            f.write(0x80 | 126);
            f.write(len >> 8);
            f.write(len);
        } else {
            f.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) len >> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.writeBytes(mask);
        for (int i = 0; i < len; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
    }

    /** Sends a final text frame of {@code utf8} bytes as they are (valid UTF-8 or not). */
    public void sendText(byte[] utf8) throws IOException {
        sendFrame(0x81, utf8);
    }

    /** Sends a final text frame. */
    public void sendText(String text) throws IOException {
        sendText(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next frame from the server; throws {@link SocketTimeoutException} after 15 s, {@link EOFException} at the end. */
    public Frame next() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = Wire.payloadLength(in, b1);
        byte[] mask = null;
        if ((b1 & 0x80) != 0) {
            mask = new byte[4];
            in.readFully(mask);
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame(b0 & 0x0F, payload);
    }

    /** The next text frame, skipping pings and pongs; fails on a close. */
    public String nextText() throws IOException {
        for (;;) {
            Frame f = next();
            if (f.opcode() == 1) {
                return f.text();
            }
            if (f.opcode() == 8) {
                throw new IOException("closed by the server with " + f.closeCode() + " " + new String(f.payload(), 2,
                        Math.max(0, f.payload().length - 2), StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Reads until the server's close frame and returns its code; -1 when the TCP connection ended
     * without one. Text frames on the way are skipped.
     */
    public int awaitClose() throws IOException {
        for (;;) {
            Frame f;
            try {
                f = next();
            } catch (EOFException e) {
                return -1;
            } catch (IOException e) {
                if (e instanceof SocketTimeoutException) {
                    throw e;
                }
                return -1; // reset by the server
            }
            if (f.opcode() == 8) {
                return f.closeCode();
            }
        }
    }

    /** Whether the server ended the TCP connection within the socket timeout (after its close frame, say). */
    public boolean awaitEndOfStream() throws IOException {
        try {
            while (in.read() >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Resets the connection: SO_LINGER 0, then close (the peer sees RST, not FIN). */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Closes the socket (FIN), without a closing handshake unless one was sent before. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
