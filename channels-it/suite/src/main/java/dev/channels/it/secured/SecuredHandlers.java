package dev.channels.it.secured;

import dev.channels.cdi.Inbound;
import dev.channels.cdi.MessageType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The secured sample's handlers, as CDI observers. Stateless; runs on the connection's thread. */
@ApplicationScoped
public class SecuredHandlers {

    /** Repeated to every member of the sender's channel (with the sender's stamped {@code userId}). */
    public static final String CHAT = "chat";
    /** Members only: answered to the sender with {@link #POSTED}; anyone else gets 403 and this observer does not run. */
    public static final String POST = "post";
    /** The answer to {@link #POST}. */
    public static final String POSTED = "posted";

    void chat(@Observes @MessageType(CHAT) Inbound msg) {
        msg.replyToChannel(CHAT, msg.message().body());
    }

    @RolesAllowed(SecuredApplication.MEMBER)
    void post(@Observes @MessageType(POST) Inbound msg) {
        msg.reply(POSTED, msg.message().body());
    }
}
