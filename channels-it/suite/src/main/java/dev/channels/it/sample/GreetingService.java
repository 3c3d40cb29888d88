package dev.channels.it.sample;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application-scoped CDI bean shared by the endpoint (field injection and {@code CDI.current()}
 * lookup) and the servlet: its {@link #instanceId()} shows whether every caller saw one instance,
 * its counter that state survives across WebSocket connections.
 *
 * <p>Thread-safe: the counter is atomic, the id final; container threads call it concurrently.
 */
@ApplicationScoped
public class GreetingService {

    private final String instanceId = UUID.randomUUID().toString();
    private final AtomicLong messages = new AtomicLong();

    /** Counts one handled message and returns the running total for this application. */
    public long countMessage() {
        return messages.incrementAndGet();
    }

    /** The number of messages counted so far. */
    public long messageCount() {
        return messages.get();
    }

    /** The greeting for {@code text} received on {@code channelId}. */
    public String greet(String channelId, String text) {
        return "hello " + text + " from " + channelId;
    }

    /** A random id fixed for the life of this instance (the contextual instance behind any proxy). */
    public String instanceId() {
        return instanceId;
    }
}
