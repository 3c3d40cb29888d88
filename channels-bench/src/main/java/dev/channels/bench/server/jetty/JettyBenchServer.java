package dev.channels.bench.server.jetty;

import dev.channels.bench.server.BenchServerMain;

/**
 * The bench server ({@link BenchServerMain}) on Jetty 12: same endpoints, same flags, same
 * {@code READY} line. The load driver starts it with {@code --runtime jetty}.
 */
public final class JettyBenchServer {

    private JettyBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        BenchServerMain.run(args, new JettyRuntime());
    }
}
