package dev.channels.cdi.internal;

import dev.channels.cdi.Inbound;
import dev.channels.cdi.MessageType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.ObserverException;
import jakarta.inject.Inject;

/**
 * Fires an {@link Inbound} to the observers of its {@link MessageType}, synchronously, inside a
 * request context of its own (so {@code @RequestScoped} beans work in observers and live for one
 * message). Stateless: called concurrently from every connection's thread.
 *
 * @since 0.1.0
 */
@ApplicationScoped
public class InboundDispatcher {

    private final Event<Inbound> events;

    /** For the container's proxy. */
    protected InboundDispatcher() {
        this.events = null;
    }

    /** Creates the dispatcher firing through {@code events}. */
    @Inject
    public InboundDispatcher(Event<Inbound> events) {
        this.events = events;
    }

    /**
     * Notifies the observers of {@code type}. A checked exception of an observer, which CDI wraps in
     * an {@link ObserverException}, is unwrapped so that the error handler sees what the observer threw.
     */
    @ActivateRequestContext
    public void dispatch(String type, Inbound inbound) throws Exception {
        try {
            events.select(MessageType.Literal.of(type)).fire(inbound);
        } catch (ObserverException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
