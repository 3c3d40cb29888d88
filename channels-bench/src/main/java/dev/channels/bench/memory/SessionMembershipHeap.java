package dev.channels.bench.memory;

import dev.channels.server.ChannelServer;
import dev.channels.server.RateLimit;
import dev.channels.server.ServerOptions;
import dev.channels.server.standalone.StandaloneServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures the server heap one more membership costs on a session against a whole channel
 * connection (issue 21, "Measure"). The server ({@link StandaloneServer}) runs in this JVM; the
 * clients run in a child JVM (raw sockets), so the heap difference is the server's alone. Both
 * cases join channels that exist already (an anchor session is in all of them), so the channel's
 * own cost is in neither figure:
 * <ol>
 *   <li>one more session joins the {@code N} channels: heap per membership;</li>
 *   <li>then {@code N} channel connections to {@code /ws/ch-i}: heap per connection.</li>
 * </ol>
 *
 * <pre>
 * java -Xmx1g -cp "$CP" dev.channels.bench.memory.SessionMembershipHeap --channels 2000
 * </pre>
 * Prints one line with both figures, and how long the session took to open and get every
 * {@code join.success} (its joins pipelined on one socket).
 */
public final class SessionMembershipHeap {

    private static final System.Logger LOG = System.getLogger(SessionMembershipHeap.class.getName());

    private SessionMembershipHeap() {
    }

    public static void main(String[] args) throws Exception {
        int channels = 2000;
        int port = 0;
        boolean client = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--channels" -> channels = Integer.parseInt(args[i + 1]);
                case "--client" -> {
                    client = true;
                    port = Integer.parseInt(args[i + 1]);
                }
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (client) {
            runClient(port, channels);
            return;
        }
        ChannelServer server = ChannelServer.builder()
                .options(ServerOptions.builder().maxChannelsPerSession(channels).rateLimit(RateLimit.unlimited()).build())
                .build();
        try (StandaloneServer running = StandaloneServer.start(server, 0)) {
            Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), SessionMembershipHeap.class.getName(),
                    "--channels", Integer.toString(channels), "--client", Integer.toString(running.port()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader from = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            PrintStream to = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
            expect(from, "ANCHORED");
            long base1 = usedAfterGc();
            to.println("session");
            long joinMillis = Long.parseLong(expect(from, "JOINTIME ").substring("JOINTIME ".length()));
            expect(from, "JOINED");
            long withSession = usedAfterGc();
            int memberships = server.members("ch-0").size();
            to.println("connections");
            expect(from, "CONNECTED");
            long withConnections = usedAfterGc();
            int open = server.connectionCount();
            long base2 = withSession;
            to.println("end");
            child.waitFor();
            long perMembership = (withSession - base1) / channels;
            long perConnection = (withConnections - base2) / channels;
            LOG.log(Level.INFO, String.format(Locale.ROOT,
                    "channels=%d openConnections=%d membersOfCh0=%d perChannelConnection=%,d B perSessionMembership=%,d B"
                            + " ratio=%.2f sessionOpenAndJoinAll=%d ms", channels, open, memberships, perConnection, perMembership,
                    perMembership / (double) perConnection, joinMillis));
        } finally {
            server.close();
        }
    }

    /** Reads lines until one that starts with {@code line}; returns it. */
    private static String expect(BufferedReader from, String line) throws IOException {
        String got;
        while ((got = from.readLine()) != null) {
            if (got.startsWith(line)) {
                return got;
            }
        }
        throw new IOException("the client ended before " + line);
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ---------------------------------------------------------------- the client JVM

    private static void runClient(int port, int channels) throws Exception {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Socket anchor = upgrade(port, "/ws");
        readText(anchor); // session.ready
        joinAll(anchor, channels);
        System.out.println("ANCHORED");
        commands.readLine();
        long start = System.nanoTime();
        Socket session = upgrade(port, "/ws");
        readText(session);
        joinAll(session, channels);
        System.out.println("JOINTIME " + (System.nanoTime() - start) / 1_000_000);
        System.out.println("JOINED");
        commands.readLine();
        List<Socket> connections = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            Socket s = upgrade(port, "/ws/ch-" + i);
            readText(s); // join.success
            connections.add(s);
        }
        System.out.println("CONNECTED");
        commands.readLine();
        for (Socket s : connections) {
            s.close();
        }
        session.close();
        anchor.close();
    }

    private static void joinAll(Socket session, int channels) throws IOException {
        for (int i = 0; i < channels; i++) {
            sendText(session, "{\"type\":\"channel.join\",\"channelId\":\"ch-" + i + "\",\"correlationId\":\"j" + i + "\"}");
        }
        for (int i = 0; i < channels; i++) {
            String reply = readText(session);
            if (!reply.contains("join.success")) {
                throw new IOException("join refused: " + reply);
            }
        }
    }

    private static Socket upgrade(int port, String path) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("localhost", port), 10_000);
        socket.setSoTimeout(60_000);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake");
            }
            head.write(b);
        }
        if (!head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head);
        }
        return socket;
    }

    /** A masked text frame, as a client must send it. */
    private static void sendText(Socket socket, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        OutputStream out = socket.getOutputStream();
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next text frame's payload (pings and other control frames are skipped). */
    private static String readText(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if ((b0 & 0x0f) == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }
}
