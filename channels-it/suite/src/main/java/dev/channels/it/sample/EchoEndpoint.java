package dev.channels.it.sample;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.api.codec.MalformedFrameException;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.security.Principal;

/**
 * A portable annotated endpoint at {@code {contextRoot}/ws/{channelId}}: it decodes each text
 * frame as a channels {@link Message}, answers an {@code "echo"} message with an {@code "echo"}
 * reply whose body is an {@link EchoReply}, answers any other type with an error envelope, and
 * closes with 1003 (cannot accept) on a frame that is not a message. Text messages above
 * {@value #MAX_TEXT_MESSAGE_BYTES} bytes are refused by the container.
 *
 * <p>Threading: the container creates one instance per connection and calls {@link #onMessage}
 * for that connection one message at a time, so the instance has no state of its own; shared state
 * lives in the application-scoped {@link GreetingService}.
 *
 * <p>{@code @Dependent} makes the endpoint a CDI bean in an {@code annotated} bean archive. Open
 * Liberty needs that for {@code @Inject} in an endpoint (without it the field stays {@code null});
 * WildFly and Payara inject into any endpoint class.
 */
@Dependent
@ServerEndpoint("/ws/{channelId}")
public class EchoEndpoint {

    /** The largest text message this endpoint accepts, in bytes. */
    public static final int MAX_TEXT_MESSAGE_BYTES = 4096;

    /** The message type this endpoint answers. */
    public static final String ECHO = "echo";

    @Inject
    GreetingService greetings;

    /** Handles one text frame of the connection. */
    @OnMessage(maxMessageSize = MAX_TEXT_MESSAGE_BYTES)
    public void onMessage(String text, Session session, @PathParam("channelId") String channelId)
            throws IOException {
        Message request;
        try {
            request = EnvelopeCodec.decodeMessage(text);
        } catch (MalformedFrameException e) {
            session.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "malformed frame"));
            return;
        }
        if (!ECHO.equals(request.type())) {
            session.getBasicRemote().sendText(
                    EnvelopeCodec.encode(request.toError("no handler for type " + request.type())));
            return;
        }
        session.getBasicRemote().sendText(EnvelopeCodec.encode(
                request.newFrom(ECHO).withChannelId(channelId).withBody(reply(request, session, channelId))));
    }

    private EchoReply reply(Message request, Session session, String channelId) {
        EchoReply reply = new EchoReply();
        reply.setChannelId(channelId);
        reply.setGreeting(greetings.greet(channelId, request.bind(EchoRequest.class).getText()));
        reply.setMessageNumber(greetings.countMessage());
        reply.setBeanInstanceId(greetings.instanceId());
        reply.setLookupSeesSameBean(
                CDI.current().select(GreetingService.class).get().instanceId().equals(greetings.instanceId()));
        Principal principal = session.getUserPrincipal();
        reply.setPrincipal(principal == null ? null : principal.getName());
        reply.setJsonbImplementation(JsonbImplementation.NAME);
        return reply;
    }

    /** The server's JSON-B implementation class, looked up once. */
    private static final class JsonbImplementation {
        static final String NAME = lookup();

        private static String lookup() {
            try (Jsonb jsonb = JsonbBuilder.create()) {
                return jsonb.getClass().getName();
            } catch (Exception e) {
                throw new IllegalStateException("no JSON-B implementation in the server", e);
            }
        }
    }
}
