package dev.channels.bench.server.undertow;

import dev.channels.bench.server.BenchServerMain;

/**
 * The bench server ({@link BenchServerMain}) on Undertow: same endpoints, same flags, same
 * {@code READY} line. The load driver starts it with {@code --runtime undertow}.
 */
public final class UndertowBenchServer {

    private UndertowBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        BenchServerMain.run(args, new UndertowRuntime());
    }
}
