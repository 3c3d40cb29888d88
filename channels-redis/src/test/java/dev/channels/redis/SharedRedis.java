package dev.channels.redis;

import dev.channels.testkit.RedisServerProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;


/**
 * One real redis-server for a whole test class: started before its first test, stopped after its
 * last. Register it as a static field ({@code @RegisterExtension static final SharedRedis REDIS = ...});
 * the tests use channels and keys of their own, so they need no cleanup between them.
 */
final class SharedRedis implements BeforeAllCallback, AfterAllCallback {

    private volatile RedisServerProcess redis;

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RedisServerProcess.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    /** The running server (from the class's first test to its last). */
    RedisServerProcess server() {
        if (redis == null) {
            throw new IllegalStateException("no redis-server: register SharedRedis as a static extension");
        }
        return redis;
    }
}
