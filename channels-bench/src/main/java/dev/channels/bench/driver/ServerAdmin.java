package dev.channels.bench.driver;

import java.util.Map;

/**
 * A server's admin answers: one map of numbers with at least {@code heapUsed}, {@code heapCommitted}
 * and {@code threads}, plus the server's registry sizes (keys per {@link Target#registryPrefix}).
 * Callers are the driver's main thread, one request at a time.
 */
interface ServerAdmin extends AutoCloseable {

    /** Server stats without collecting. */
    Map<String, Long> stats() throws Exception;

    /** Server stats right after full collections. */
    Map<String, Long> statsAfterGc() throws Exception;

    @Override
    void close();
}
