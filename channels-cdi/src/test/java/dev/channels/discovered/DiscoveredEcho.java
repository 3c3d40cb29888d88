package dev.channels.discovered;

import dev.channels.cdi.Inbound;
import dev.channels.cdi.MessageType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** A handler found by bean discovery, as in an application that calls {@code ChannelsSe.start(port)}. */
@ApplicationScoped
public class DiscoveredEcho {

    void echo(@Observes @MessageType("echo") Inbound msg) {
        msg.reply("echo", msg.message().body());
    }
}
