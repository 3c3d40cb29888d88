package dev.channels.it.app;

import dev.channels.api.ChannelNotFoundException;
import dev.channels.api.Message;
import dev.channels.cdi.Broadcaster;
import dev.channels.server.ChannelServer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Server-initiated sends over HTTP, with the injected {@link Broadcaster} and {@link ChannelServer}:
 * <ul>
 *   <li>{@code POST /api/channels/{id}/broadcast} (JSON body): sends an {@value #ANNOUNCEMENT} to every
 *       member; answers {@code {"recipients":n}};</li>
 *   <li>{@code POST /api/channels/{id}/ask} (JSON body): broadcasts a {@value #QUESTION} and answers with
 *       the first reply a member sends back ({@code {"type":..,"clientId":..,"body":..}}); 404 when the
 *       channel has no members, 504 when nobody answers within {@link #ASK_TIMEOUT};</li>
 *   <li>{@code GET /api/channels/{id}}: the lifecycle counts of {@link PresenceCounter} plus the current
 *       {@code members}.</li>
 * </ul>
 */
@Path("channels/{channelId}")
@RequestScoped
public class ChannelsResource {

    /** The type of a broadcast announcement. */
    public static final String ANNOUNCEMENT = "announcement";
    /** The type of a broadcast-and-await question. */
    public static final String QUESTION = "question";
    /** How long {@code ask} waits for a reply. */
    public static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    Broadcaster broadcaster;
    @Inject
    ChannelServer server;
    @Inject
    PresenceCounter presence;

    /** Broadcasts an announcement with {@code body}. */
    @POST
    @Path("broadcast")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String broadcast(@PathParam("channelId") String channelId, String body) {
        int recipients = broadcaster.broadcast(channelId, Message.create(ANNOUNCEMENT, channelId).withRawBody(body));
        return Json.createObjectBuilder().add("recipients", recipients).build().toString();
    }

    /** Broadcasts a question with {@code body} and answers with the first reply. */
    @POST
    @Path("ask")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response ask(@PathParam("channelId") String channelId, String body) throws InterruptedException {
        Message question = Message.create(QUESTION, channelId)
                .withCorrelationId(UUID.randomUUID().toString())
                .withRawBody(body);
        try {
            Message answer = broadcaster.broadcastAndWait(channelId, question, ASK_TIMEOUT);
            JsonObject json = Json.createObjectBuilder()
                    .add("type", answer.type())
                    .add("clientId", answer.clientId())
                    .add("correlationId", answer.correlationId())
                    .add("questionCorrelationId", question.correlationId())
                    .add("body", answer.hasBody() ? parse(answer.rawBody()) : JsonValue.NULL)
                    .build();
            return Response.ok(json.toString(), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (ChannelNotFoundException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        } catch (TimeoutException e) {
            return error(Response.Status.GATEWAY_TIMEOUT, "no answer within " + ASK_TIMEOUT);
        }
    }

    /** The lifecycle counts and the current members of the channel. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String counts(@PathParam("channelId") String channelId) {
        return Json.createObjectBuilder(presence.countsOf(channelId))
                .add("members", server.members(channelId).size())
                .build().toString();
    }

    private static Response error(Response.Status status, String text) {
        String json = Json.createObjectBuilder().add("error", text).build().toString();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(json).build();
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
