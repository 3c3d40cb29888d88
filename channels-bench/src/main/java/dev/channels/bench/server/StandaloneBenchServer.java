package dev.channels.bench.server;

/**
 * The bench server ({@link BenchServerMain}) on the channels standalone runner: same endpoints, same flags,
 * same {@code READY} line. The load driver starts it with {@code --runtime standalone}.
 */
public final class StandaloneBenchServer {

    private StandaloneBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        BenchServerMain.run(args, new StandaloneRuntime());
    }
}
