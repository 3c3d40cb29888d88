package dev.channels.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between one engine and a redis-server, for a network partition in a test: {@link #cut()}
 * drops every relayed connection and refuses new ones (they are accepted and closed at once) while
 * Redis and the other nodes go on; {@link #heal()} relays again. {@link #muteSubscribers()} makes a
 * subscription silent while its TCP connection stays up: the relayed connections that have sent a
 * SUBSCRIBE so far get nothing more from Redis (what Redis sends them is read and dropped), while
 * both sockets stay open and their commands still reach Redis; {@link #muteAll()} does it to every
 * relayed connection so far. Connections made later are relayed as usual. Two threads per relayed
 * connection (one per direction) and one accepting thread; closing it ends them all.
 */
final class RedisProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int redisPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();

    /** One relayed connection: whether its client subscribed, whether Redis's side is dropped. */
    private static final class Pair {
        volatile boolean subscriber;
        volatile boolean muted;
    }
    private volatile boolean cut;

    private RedisProxy(ServerSocket server, int redisPort) {
        this.server = server;
        this.redisPort = redisPort;
    }

    /** A relay on a free loopback port to the redis-server on {@code redisPort}. */
    static RedisProxy to(int redisPort) {
        try {
            RedisProxy proxy = new RedisProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), redisPort);
            Thread accepter = new Thread(proxy::accept, "redis-proxy-accept");
            accepter.setDaemon(true);
            accepter.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URI an engine connects to Redis through this relay with. */
    String uri() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /** Drops every relayed connection; new ones are closed at once until {@link #heal()}. */
    void cut() {
        cut = true;
        sockets.forEach(RedisProxy::closeQuietly);
        sockets.clear();
        pairs.clear();
    }

    /** Redis's side of every relayed connection that has subscribed is dropped from now on; the sockets stay open. */
    void muteSubscribers() {
        pairs.stream().filter(p -> p.subscriber).forEach(p -> p.muted = true);
    }

    /** Redis's side of every relayed connection so far is dropped from now on; the sockets stay open. */
    void muteAll() {
        pairs.forEach(p -> p.muted = true);
    }

    /** Relays new connections again. */
    void heal() {
        cut = false;
    }

    @Override
    public void close() {
        closeQuietly(server);
        cut();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket();
                try {
                    upstream.connect(new InetSocketAddress("127.0.0.1", redisPort), 5_000);
                } catch (IOException e) {
                    closeQuietly(client); // Redis is not there: the engine sees the connection close and retries
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
                Pair pair = new Pair();
                pairs.add(pair);
                pump(client, upstream, pair, true);
                pump(upstream, client, pair, false);
            } catch (IOException e) {
                // server closed, or Redis not there: the engine sees a failed connect and retries
            }
        }
    }

    private void pump(Socket from, Socket to, Pair pair, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (fromClient && !pair.subscriber
                            && new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains("SUBSCRIBE")) {
                        pair.subscriber = true;
                    }
                    if (!fromClient && pair.muted) {
                        continue; // silent: Redis's bytes go nowhere, the connection stays up
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "redis-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
