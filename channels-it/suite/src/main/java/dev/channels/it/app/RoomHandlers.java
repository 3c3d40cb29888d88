package dev.channels.it.app;

import dev.channels.api.HandlerContext;
import dev.channels.cdi.Inbound;
import dev.channels.cdi.MessageType;
import dev.channels.cdi.interceptor.Recover;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.Principal;

/**
 * The sample's message handlers, as CDI observers. Stateless; runs on the connection's thread.
 */
@Recover
@Stamped
@ApplicationScoped
public class RoomHandlers {

    /** A chat line: repeated to every member of the sender's channel. */
    public static final String CHAT = "chat";
    /** Answered to the sender only, with the same body. */
    public static final String ECHO = "echo";
    /** Answered to the sender only with an {@link Identity}: what the handshake told the server, and which {@link MessageScope} the handler saw. */
    public static final String WHOAMI = "whoami";
    /** Always fails: the sender gets an error envelope. */
    public static final String EXPLODE = "explode";
    /** What {@link #EXPLODE} fails with. */
    public static final String EXPLOSION = "the sample handler fails on purpose";

    /** Handshake header that {@link #WHOAMI} reports. */
    public static final String TEAM_HEADER = "X-Team";
    /** Handshake query parameter that {@link #WHOAMI} reports. */
    public static final String NICK_PARAMETER = "nick";

    void chat(@Observes @MessageType(CHAT) Inbound msg) {
        msg.replyToChannel(CHAT, msg.message().body());
    }

    void echo(@Observes @MessageType(ECHO) Inbound msg) {
        msg.reply(ECHO, msg.message().body());
    }

    void whoami(@Observes @MessageType(WHOAMI) Inbound msg, MessageScope scope) {
        HandlerContext ctx = msg.context();
        Identity identity = new Identity();
        identity.setClientId(ctx.clientId());
        identity.setChannelId(ctx.channelId());
        identity.setTeam(ctx.header(TEAM_HEADER).orElse(null));
        identity.setNick(ctx.queryParameter(NICK_PARAMETER).orElse(null));
        identity.setPrincipal(ctx.userPrincipal().map(Principal::getName).orElse(null));
        identity.setRequestBean(scope.id());
        msg.reply(WHOAMI, identity);
    }

    void explode(@Observes @MessageType(EXPLODE) Inbound msg) {
        throw new IllegalStateException(EXPLOSION);
    }
}
