package dev.channels.testkit;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket peer on a raw TCP socket, for tests that must send what a well-behaved client never
 * would: forged or missing handshake headers, unmasked frames, frame headers that announce more
 * bytes than ever follow. It reads the server's frames itself, so a test sees the exact close code.
 * Not thread-safe: one test thread drives it.
 */
public final class RawWebSocket implements AutoCloseable {

    /** A frame from the server: opcode and payload. */
    public record Frame(int opcode, byte[] payload) {
        /** The close code of a close frame (1005 when it carries none). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        /** The payload as UTF-8 text (a close frame's reason after its code). */
        public String text() {
            int from = opcode == 8 && payload.length >= 2 ? 2 : 0;
            return new String(payload, from, payload.length - from, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final String responseHead;

    private RawWebSocket(Socket socket, String responseHead) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        this.responseHead = responseHead;
    }

    /** The standard handshake headers for {@code port}, with a fresh key; change them before {@link #open}. */
    public static Map<String, String> handshakeHeaders(int port) {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "localhost:" + port);
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(key));
        headers.put("Sec-WebSocket-Version", "13");
        return headers;
    }

    /** Sends {@code GET target} with {@code headers} and reads the response head (it may be a refusal). */
    public static RawWebSocket open(int port, String target, Map<String, String> headers) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        return openRaw(port, request.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Opens a standard handshake on {@code path}; fails unless the server answers 101. */
    public static RawWebSocket upgrade(int port, String path) throws IOException {
        RawWebSocket ws = open(port, path, handshakeHeaders(port));
        if (ws.status() != 101) {
            ws.close();
            throw new IOException("handshake refused: " + ws.responseHead());
        }
        return ws;
    }

    /** Sends {@code requestBytes} as they are and reads the response head. */
    public static RawWebSocket openRaw(int port, byte[] requestBytes) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("localhost", port), 10_000);
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(requestBytes);
        socket.getOutputStream().flush();
        // closed without (a complete) response: what came
        return new RawWebSocket(socket, Wire.readHead(socket.getInputStream()));
    }

    /**
     * Sends another HTTP request on this (keep-alive) connection and returns its response status;
     * its body is read and dropped.
     */
    public int request(String rawRequest) throws IOException {
        out.write(rawRequest.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String head = Wire.readHead(in);
        if (!Wire.isComplete(head)) {
            throw new EOFException("closed before a response");
        }
        RawWebSocket next = new RawWebSocket(socket, head);
        next.body();
        return next.status();
    }

    /** The response head, status line and headers. */
    public String responseHead() {
        return responseHead;
    }

    /** The response status code, or -1 when the server sent none. */
    public int status() {
        String[] parts = responseHead.split(" ", 3);
        return parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1].trim()) : -1;
    }

    /** Reads the response body of {@code Content-Length} bytes (empty when there is none). */
    public String body() throws IOException {
        for (String line : responseHead.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                byte[] body = new byte[Integer.parseInt(line.substring(colon + 1).trim())];
                in.readFully(body);
                return new String(body, StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    /** Sends a final text frame, masked as RFC 6455 requires of a client, or unmasked when {@code masked} is false. */
    public void sendText(String text, boolean masked) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        writeHeader(0x81, payload.length, masked);
        byte[] mask = masked ? MASK : new byte[4];
        byte[] body = payload.clone();
        for (int i = 0; i < body.length; i++) {
            body[i] ^= mask[i & 3];
        }
        out.write(body);
        out.flush();
    }

    /** Sends a masked text frame header announcing {@code length} payload bytes, and no payload. */
    public void sendTextHeader(long length) throws IOException {
        writeHeader(0x81, length, true);
        out.flush();
    }

    /** Sends {@code count} payload bytes (spaces, masked) of a frame whose header went out before. */
    public void sendPayload(int count) throws IOException {
        byte[] chunk = new byte[Math.min(count, 16 * 1024)];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (' ' ^ MASK[i & 3]); // chunks are multiples of 4 bytes, so the mask lines up
        }
        int left = count;
        while (left > 0) {
            int n = Math.min(left, chunk.length);
            out.write(chunk, 0, n);
            left -= n;
        }
        out.flush();
    }

    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

    private void writeHeader(int first, long length, boolean masked) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(14);
        header.put((byte) first);
        int maskBit = masked ? 0x80 : 0;
        if (length <= 125) {
            header.put((byte) (maskBit | length));
        } else if (length <= 0xffff) {
            header.put((byte) (maskBit | 126)).putShort((short) length);
        } else {
            header.put((byte) (maskBit | 127)).putLong(length);
        }
        if (masked) {
            header.put(MASK);
        }
        out.write(header.array(), 0, header.position());
    }

    /** Reads the next frame from the server (unmasked, as servers send them). */
    public Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = Wire.payloadLength(in, second);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Reads frames until a close frame and returns it; fails when the connection ends without one. */
    public Frame awaitClose() throws IOException {
        for (;;) {
            Frame f = readFrame();
            if (f.opcode() == 8) {
                return f;
            }
        }
    }

    /**
     * Whether the server has ended the TCP connection: a read returns end of stream or a reset.
     * Skips any bytes that still arrive. Waits at most {@code timeoutMillis} for this one check.
     */
    public boolean isClosedByServer(int timeoutMillis) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout(timeoutMillis);
        try {
            byte[] skip = new byte[8192];
            for (;;) {
                if (in.read(skip) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return true; // connection reset: the server aborted
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(previous);
            }
        }
    }

    /** Closes the socket abruptly (no closing handshake). */
    @Override
    public void close() throws IOException {
        if (!socket.isClosed()) {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }
}
