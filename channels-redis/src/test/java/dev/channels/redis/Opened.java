package dev.channels.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * What a cluster test opened (its Redis, proxies, nodes, clients), closed after the test in the reverse
 * order: clients before the nodes they joined, nodes before the Redis they use. Used from the test thread.
 */
final class Opened implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Closes {@code resource} after the test, before what was added earlier; returns it. */
    <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Closes everything added, last first; every one is closed even when one fails, and the first failure is thrown. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        resources.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
