package dev.channels.bench.memory;

import dev.channels.server.ChannelServer;
import dev.channels.server.standalone.StandaloneServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/**
 * Measures the heap a server holds for N connections that each send one incomplete frame (a
 * header announcing {@code length} payload bytes, then all but the last byte), the memory attack
 * of hardening case 3. The server runs in this JVM; the clients are raw sockets whose payload comes
 * from one shared chunk, so the heap difference is the server's.
 *
 * <pre>
 * java -Xmx2g -cp "$CP" dev.channels.bench.memory.IncompleteFrameHeap --target tyrus  --connections 300 --length 4194304
 * java -Xmx2g -cp "$CP" dev.channels.bench.memory.IncompleteFrameHeap --target channels --connections 300 --length 65536
 * </pre>
 *
 * <p>{@code --target tyrus}: the channel endpoint on Tyrus's own Grizzly container, as the
 * standalone runner was before the frame guard (Tyrus buffers each frame up to 4 MiB);
 * {@code --target channels}: {@link StandaloneServer}. Prints one line: target, connections,
 * length, heap used after a full GC before and after, the difference per connection, and how many
 * connections the server closed (a frame over the limit is refused at its header).
 */
public final class IncompleteFrameHeap {

    private static final System.Logger LOG = System.getLogger(IncompleteFrameHeap.class.getName());
    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

    private IncompleteFrameHeap() {
    }

    public static void main(String[] args) throws Exception {
        String target = "channels";
        int connections = 300;
        long length = 64 * 1024;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--target" -> target = args[i + 1];
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                case "--length" -> length = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        ChannelServer server = ChannelServer.builder().build();
        AutoCloseable running;
        int port;
        if (target.equals("tyrus")) {
            ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
            container.addEndpoint(server.endpointConfig());
            container.start("/", 0);
            port = ((TyrusServerContainer) container).getPort();
            running = container::stop;
        } else {
            StandaloneServer standalone = StandaloneServer.start(server, 0);
            port = standalone.port();
            running = standalone;
        }
        long before = usedAfterGc();
        List<Socket> sockets = new ArrayList<>();
        int closed = 0;
        try {
            for (int i = 0; i < connections; i++) {
                Socket s = upgrade(port);
                sockets.add(s);
                if (!sendIncompleteFrame(s, length)) {
                    closed++;
                }
            }
            Thread.sleep(3_000); // let the server read what was sent
            long after = usedAfterGc();
            String line = String.format(Locale.ROOT,
                    "target=%s connections=%d length=%d heapBefore=%,d heapAfter=%,d held=%,d perConnection=%,d"
                            + " closedEarly=%d maxHeap=%,d",
                    target, connections, length, before, after, after - before, (after - before) / connections, closed,
                    Runtime.getRuntime().maxMemory());
            LOG.log(Level.INFO, line);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            running.close();
            server.close();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Socket upgrade(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("localhost", port), 10_000);
        socket.setSoTimeout(30_000);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET /ws/heap HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
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

    /** Sends the header and all but the last payload byte; false when the server closed meanwhile. */
    private static boolean sendIncompleteFrame(Socket socket, long length) {
        try {
            OutputStream out = socket.getOutputStream();
            ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127)).putLong(length).put(MASK);
            out.write(header.array(), 0, header.position());
            byte[] chunk = new byte[16 * 1024];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (' ' ^ MASK[i & 3]);
            }
            long left = length - 1;
            while (left > 0) {
                int n = (int) Math.min(left, chunk.length);
                out.write(chunk, 0, n);
                left -= n;
            }
            out.flush();
            return true;
        } catch (IOException e) {
            return false; // the server refused the frame and closed
        }
    }
}
