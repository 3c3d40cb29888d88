package dev.channels.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A TCP proxy on a free local port to {@code localhost:targetPort}: {@link #cut()} drops every
 * connection through it at once, without a close frame, as a network failure would (the client sees
 * 1006), while the proxy keeps accepting new ones. One thread per direction per connection: a test tool.
 * {@link #tls} makes one that terminates TLS in front of a plain server ({@link TyrusTestServer#startTls}).
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /** A plain proxy on a free loopback port to {@code localhost:targetPort}. */
    public CuttableProxy(int targetPort) throws IOException {
        this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    }

    /**
     * A proxy that speaks TLS ({@code tls}'s key) on {@code port} of the loopback address (0: a free
     * one) and plain TCP to {@code localhost:targetPort}.
     */
    public static CuttableProxy tls(SSLContext tls, int port, int targetPort) throws IOException {
        return new CuttableProxy(tls.getServerSocketFactory().createServerSocket(port, 50, InetAddress.getLoopbackAddress()),
                targetPort);
    }

    private CuttableProxy(ServerSocket listener, int targetPort) {
        this.targetPort = targetPort;
        this.listener = listener;
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The proxy's port. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Drops every connection through the proxy now. */
    public void cut() {
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0); // reset, no orderly close
                s.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
        open.clear();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(server);
                pipe(client, server);
                pipe(server, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // cut or closed
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // gone already
                }
            }
        }, "proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
