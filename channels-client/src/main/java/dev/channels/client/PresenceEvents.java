package dev.channels.client;

import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the server's presence frames into {@link PresenceDiff}s and tells the {@link PresenceListener}s
 * (on the reader thread that dispatches the frame): {@code presence.diff} as it is,
 * {@code presence.joined}/{@code presence.left} as a diff of one member. Immutable.
 */
final class PresenceEvents {

    private static final System.Logger LOG = System.getLogger(PresenceEvents.class.getName());

    private final List<PresenceListener> listeners;

    PresenceEvents(List<PresenceListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Whether {@code type} is a presence event. */
    static boolean isPresence(String type) {
        return MessageTypes.PRESENCE_DIFF.equals(type) || MessageTypes.PRESENCE_JOINED.equals(type)
                || MessageTypes.PRESENCE_LEFT.equals(type);
    }

    /**
     * The diff {@code message} (a presence event) carries, for {@code channelId} when it names no channel;
     * null when its body is not one (logged, ignored).
     */
    static PresenceDiff parse(Message message, String channelId) {
        JsonObject body = message.hasBody() && message.body().getValueType() == JsonValue.ValueType.OBJECT
                ? message.body().asJsonObject() : null;
        if (body == null) {
            return null;
        }
        String channel = message.channelId().isEmpty() ? channelId : message.channelId();
        return switch (message.type()) {
            case MessageTypes.PRESENCE_JOINED -> member(body) == null ? null : new PresenceDiff(channel, List.of(member(body)), List.of());
            case MessageTypes.PRESENCE_LEFT -> member(body) == null ? null : new PresenceDiff(channel, List.of(), List.of(member(body)));
            default -> new PresenceDiff(channel, members(body.get("joins")), members(body.get("leaves")));
        };
    }

    private static ChannelPresence.Member member(JsonObject o) {
        JsonValue id = o.get("clientId");
        if (!(id instanceof jakarta.json.JsonString s) || s.getString().isEmpty()) {
            return null;
        }
        JsonValue user = o.get("userId");
        return new ChannelPresence.Member(s.getString(), user instanceof jakarta.json.JsonString u ? u.getString() : "");
    }

    private static List<ChannelPresence.Member> members(JsonValue list) {
        List<ChannelPresence.Member> out = new ArrayList<>();
        if (list instanceof JsonArray a) {
            for (JsonValue v : a) {
                ChannelPresence.Member m = v instanceof JsonObject o ? member(o) : null;
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    /**
     * Tells every listener of {@code message}, a presence event on {@code channel}; a listener's failure
     * goes to {@code failed} and the next listener still runs.
     */
    void tell(JoinedChannel channel, Message message, java.util.function.BiConsumer<Message, Throwable> failed) {
        PresenceDiff diff = parse(message, channel.channelId());
        if (diff == null) {
            LOG.log(Level.DEBUG, "ignored a {0} without a usable body on channel {1}", message.type(), channel.channelId());
            return;
        }
        for (PresenceListener l : listeners) {
            try {
                l.onDiff(channel, diff);
                for (ChannelPresence.Member m : diff.joins()) {
                    l.onJoin(channel, m);
                }
                for (ChannelPresence.Member m : diff.leaves()) {
                    l.onLeave(channel, m);
                }
            } catch (Exception | LinkageError | AssertionError e) {
                failed.accept(message, e);
            }
        }
    }
}
