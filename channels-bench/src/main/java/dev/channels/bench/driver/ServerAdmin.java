package dev.channels.bench.driver;

import java.util.Map;

/**
 * A server's admin answers: one map of numbers with at least {@code heapUsed}, {@code heapCommitted}
 * and {@code threads}, plus the server's registry sizes (keys per {@link Target#registryPrefix}).
 * Callers are the driver's main thread, one request at a time.
 */
interface ServerAdmin extends AutoCloseable {

    /** Server stats without collecting. */
    default Map<String, Long> stats() throws Exception {
        return ask("stats");
    }

    /** Server stats right after full collections. */
    default Map<String, Long> statsAfterGc() throws Exception {
        return ask("gc");
    }

    /** The answer to admin command {@code command}: {@code stats}, or {@code gc} (collect first). */
    Map<String, Long> ask(String command) throws Exception;

    @Override
    void close();
}
