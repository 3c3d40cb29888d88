package dev.channels.it.app;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/**
 * A request-scoped bean: channels-cdi handles every inbound message in a request context of its
 * own, so each message sees a new instance (its {@link #id()} tells them apart). Used by one thread.
 */
@RequestScoped
public class MessageScope {

    private final String id = UUID.randomUUID().toString();

    /** This instance's id. */
    public String id() {
        return id;
    }
}
