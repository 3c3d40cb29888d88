package dev.channels.cdi.demo;

import dev.channels.cdi.Inbound;
import dev.channels.cdi.MessageType;
import dev.channels.cdi.interceptor.Logged;
import dev.channels.cdi.interceptor.Recover;
import dev.channels.cdi.lifecycle.ClientJoined;
import dev.channels.cdi.lifecycle.ClientLeft;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.System.Logger.Level;

/**
 * The demo's handlers, the CDI way: {@code chat} answers the whole channel, {@code echo} the sender
 * only; both logged and recovered by interceptors; joins and leaves logged by lifecycle observers.
 * (Never discovered by accident: channels-cdi's jar is not a bean archive; {@link CdiChatDemo} adds it.)
 *
 * @since 0.1.0
 */
@Recover
@Logged
@ApplicationScoped
public class ChatRoom {

    private static final System.Logger LOG = System.getLogger(ChatRoom.class.getName());

    /** Repeats a chat line to everyone in the channel, the sender included. */
    public void chat(@Observes @MessageType("chat") Inbound msg) {
        msg.replyToChannel("chat", msg.message().body());
    }

    /** Sends the body back to the sender. */
    public void echo(@Observes @MessageType("echo") Inbound msg) {
        msg.reply("echo", msg.message().body());
    }

    void joined(@Observes ClientJoined event) {
        LOG.log(Level.INFO, "client {0} joined {1}", event.clientId(), event.channelId());
    }

    void left(@Observes ClientLeft event) {
        LOG.log(Level.INFO, "client {0} left {1}", event.clientId(), event.channelId());
    }
}
