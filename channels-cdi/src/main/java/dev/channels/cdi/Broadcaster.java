package dev.channels.cdi;

import dev.channels.api.ChannelNotFoundException;
import dev.channels.api.Message;
import dev.channels.server.ChannelMember;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The server-initiated sends of the application's channel server, as a narrow injectable type
 * (the seed's {@code ServerChannelBroadcaster} and {@code ServerDirectBroadcaster}). Inject it, or
 * the whole {@code dev.channels.server.ChannelServer}, into any bean:
 *
 * <pre>{@code
 * @Path("rooms/{room}") @RequestScoped
 * public class RoomResource {
 *     @Inject Broadcaster broadcaster;
 *
 *     @POST public void announce(@PathParam("room") String room, String text) {
 *         broadcaster.broadcast(room, Message.create("announcement").withBody(text));
 *     }
 * }
 * }</pre>
 *
 * All methods are safe from any thread and never wait on a client (except the {@code AndWait} form,
 * which waits for the reply).
 *
 * @since 0.1.0
 */
public interface Broadcaster {

    /** Sends {@code message} to every member of {@code channelId}; returns how many it was queued for (0: no such channel). */
    int broadcast(String channelId, Message message);

    /** Sends {@code message} to client {@code clientId}; returns whether it was queued. */
    boolean send(String clientId, Message message);

    /**
     * Broadcasts {@code message} and completes with the first message a member sends back with the
     * same correlation id; fails with {@link ChannelNotFoundException} when the channel has no
     * members and with {@link TimeoutException} when {@code timeout} passes.
     */
    CompletableFuture<Message> broadcastAwait(String channelId, Message message, Duration timeout);

    /** The blocking form of {@link #broadcastAwait}. */
    Message broadcastAndWait(String channelId, Message message, Duration timeout)
            throws TimeoutException, InterruptedException;

    /** Whether {@code channelId} has members now. */
    boolean hasChannel(String channelId);

    /** The client ids of the members of {@code channelId} now. */
    Set<String> members(String channelId);

    /** The members of {@code channelId} with user id and join time, in join order (what {@code get.info} answers). */
    List<ChannelMember> presence(String channelId);
}
