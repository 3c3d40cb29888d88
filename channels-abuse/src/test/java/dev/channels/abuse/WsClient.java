package dev.channels.abuse;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket client on a raw TCP socket, small enough to open thousands of: the handshake, masked
 * frames of any opcode (also many in one write), a minimal frame reader, and the three ways a
 * connection ends (closing handshake, FIN, RST). A client either reads on the calling thread
 * ({@link #readFrame}), or on a reader thread of its own ({@link #startReader}, which answers pings
 * and records the close), or never (an attacker that does not read).
 *
 * <p>Threads: writes are {@code synchronized} (the reader thread's pongs and a sender thread may
 * write at once); {@link #closeCode} and {@link #isClosed} are written by the reader thread only.
 */
final class WsClient implements AutoCloseable {

    /** A frame from the server. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The envelope's {@code type}, or "" for a frame that is not one. */
        String type() {
            return opcode == 1 ? field(text(), "type") : "";
        }
    }

    private static final int CONNECT_TIMEOUT_MS = 30_000;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private volatile boolean closed;
    private volatile int closeCode = -1;
    private String joinSuccess = "";

    private WsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
    }

    /**
     * Opens {@code /ws/<channel>?<query>} on the loopback {@code port} and completes the handshake;
     * {@code receiveBuffer} > 0 sets a small receive buffer first (a reader that cannot keep up).
     * The server's {@code join.success} is not read yet.
     */
    static WsClient connect(int port, String channel, String query, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String request = "GET /ws/" + channel + (query.isEmpty() ? "" : "?" + query) + " HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            WsClient client = new WsClient(socket);
            String head = client.responseHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("handshake refused: " + head.lines().findFirst().orElse("(nothing)"));
            }
            return client;
        } catch (IOException | RuntimeException e) {
            socket.setSoLinger(true, 0);
            socket.close();
            throw e;
        }
    }

    /** Connects and reads up to {@code join.success}; returns it with the client. */
    static WsClient join(int port, String channel) throws IOException {
        WsClient client = connect(port, channel, "", 0);
        try {
            client.joinSuccess = client.awaitType("join.success").text();
            return client;
        } catch (IOException | RuntimeException e) {
            client.endRst();
            throw e;
        }
    }

    /** The {@code join.success} that {@link #join} read. */
    String joinSuccess() {
        return joinSuccess;
    }

    private String responseHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0; // how much of \r\n\r\n has been seen
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * The value of the JSON string field {@code name} in an envelope of ours, or "". The server
     * writes {@code type} after {@code body} and every other key before it, and the bodies this suite
     * sends or gets (strings of x, member lists) hold no such key, so {@code type} is searched from
     * the end (a member list of a few hundred KiB is not scanned) and the rest from the start.
     */
    static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = name.equals("type") ? json.lastIndexOf(key) : json.indexOf(key);
        if (at < 0) {
            return "";
        }
        int from = at + key.length();
        int to = json.indexOf('"', from);
        return to < 0 ? "" : json.substring(from, to);
    }

    /** The first value of header {@code name} in an envelope (e.g. {@code X-Channel-Epoch}), or "". */
    static String header(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\\[\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    /** Reads the next frame (blocking, at most 30 s). */
    Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length > 16 * 1024 * 1024) {
            throw new IOException("frame of " + length + " bytes");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Reads frames until a text frame of envelope type {@code type}; fails on a close or after 30 s of silence. */
    Frame awaitType(String type) throws IOException {
        for (;;) {
            Frame f = readFrame();
            if (f.opcode() == 8) {
                throw new IOException("closed while waiting for " + type + ": " + closeCodeOf(f));
            }
            if (type.equals(f.type())) {
                return f;
            }
        }
    }

    private static int closeCodeOf(Frame f) {
        return f.payload().length >= 2 ? ((f.payload()[0] & 0xff) << 8) | (f.payload()[1] & 0xff) : 1005;
    }

    /**
     * Reads on a daemon thread of its own until the connection ends: answers pings, hands every
     * text frame to {@code onText}, and records the close (its code, or 1006 for none).
     */
    void startReader(String name, Consumer<Frame> onText) {
        Thread t = new Thread(null, () -> {
            try {
                socket.setSoTimeout(0);
                for (;;) {
                    Frame f = readFrame();
                    switch (f.opcode()) {
                        case 1 -> onText.accept(f);
                        case 9 -> write(frame(0xA, f.payload()));
                        case 8 -> {
                            closeCode = closeCodeOf(f);
                            closed = true;
                            return;
                        }
                        default -> { }
                    }
                }
            } catch (IOException e) {
                if (closeCode < 0) {
                    closeCode = 1006;
                }
                closed = true;
            }
        }, name, 256 * 1024);
        t.setDaemon(true);
        t.start();
    }

    /** Reads and drops everything on a daemon thread until the connection ends (a member that keeps up). */
    void startDiscarding(String name) {
        Thread t = new Thread(null, () -> {
            byte[] skip = new byte[8192];
            try {
                socket.setSoTimeout(0);
                while (in.read(skip) >= 0) {
                    // dropped
                }
            } catch (IOException e) {
                // ended
            }
            closed = true;
        }, name, 128 * 1024);
        t.setDaemon(true);
        t.start();
    }

    /** Whether the reader thread saw the connection end. */
    boolean isClosed() {
        return closed;
    }

    /** The close code the reader thread saw (1006: the connection ended without a close frame), or -1. */
    int closeCode() {
        return closeCode;
    }

    /** A masked final frame of {@code opcode} with {@code payload}. */
    static byte[] frame(int opcode, byte[] payload) {
        int n = payload.length;
        int headerLength = n <= 125 ? 2 : n <= 0xffff ? 4 : 10;
        byte[] f = new byte[headerLength + 4 + n];
        f[0] = (byte) (0x80 | opcode);
        if (n <= 125) {
            f[1] = (byte) (0x80 | n);
        } else if (n <= 0xffff) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (n >>> 8);
            f[3] = (byte) n;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, f, headerLength, 4);
        for (int i = 0; i < n; i++) {
            f[headerLength + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return f;
    }

    /** A masked text frame. */
    static byte[] textFrame(String text) {
        return frame(1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a text frame. */
    void sendText(String text) throws IOException {
        write(textFrame(text));
    }

    /** Writes {@code bytes} as they are (one or many frames) in one write. */
    synchronized void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The client's local port (to find it in the kernel's TCP table). */
    int localPort() {
        return socket.getLocalPort();
    }

    /**
     * Whether the kernel still has this connection ESTABLISHED (Linux {@code /proc/net/tcp}): false
     * once the server has ended it by FIN (our side is then CLOSE_WAIT) or RST. Reads nothing, so a
     * client that must not read (an attacker) can ask. True when the table cannot be read.
     */
    boolean isEstablished(int serverPort) {
        String local = String.format(Locale.ROOT, ":%04X", localPort());
        String remote = String.format(Locale.ROOT, ":%04X", serverPort);
        boolean readable = false;
        for (Path table : List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"))) {
            if (!Files.isReadable(table)) {
                continue;
            }
            readable = true;
            try (var lines = Files.lines(table)) {
                if (lines.map(l -> l.trim().split("\\s+"))
                        .anyMatch(f -> f.length > 3 && f[1].endsWith(local) && f[2].endsWith(remote) && f[3].equals("01"))) {
                    return true;
                }
            } catch (IOException e) {
                return true;
            }
        }
        return !readable;
    }

    /**
     * Ends with the closing handshake: close frame 1000, then reads (at most 10 s) up to the
     * server's close frame and closes the socket, as RFC 6455 lets a client once both close frames
     * have crossed. Not for a client with a reader thread.
     */
    void endClean() throws IOException {
        try {
            write(frame(8, new byte[] {0x03, (byte) 0xe8}));
            socket.setSoTimeout(10_000);
            while (readFrame().opcode() != 8) {
                // frames sent before the server's close
            }
        } catch (IOException e) {
            // the server ended it first, or took too long
        } finally {
            socket.close();
        }
    }

    /** Ends with a FIN and no close frame, then waits (at most 10 s) for the server to end its side. */
    void endFin() throws IOException {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(10_000);
            drainToEnd();
        } catch (IOException e) {
            // the server reset it
        } finally {
            socket.close();
        }
    }

    private void drainToEnd() throws IOException {
        byte[] skip = new byte[8192];
        try {
            while (in.read(skip) >= 0) {
                // what the server still sends
            }
        } catch (SocketTimeoutException | EOFException e) {
            // gave up waiting, or ended
        }
    }

    /** Ends with a reset (SO_LINGER 0): no close frame, no FIN. */
    void endRst() {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
                socket.close();
            }
        } catch (IOException e) {
            // already gone
        }
    }

    /** Same as {@link #endRst}. */
    @Override
    public void close() {
        endRst();
    }
}
