package dev.channels.cdi;

import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A message that arrived from a client, as the CDI event that {@link MessageType} observers handle.
 * The observer answers through it: {@link #reply(Message)} sends to the sender only (the seed's
 * direct handler), {@link #replyToChannel(Message)} to every member of the channel, sender
 * included (the seed's channel handler); not calling either sends nothing. Throwing from the
 * observer hands the failure to the server's error handler, which sends the sender an error envelope.
 *
 * <pre>{@code
 * void onChat(@Observes @MessageType("chat") Inbound msg) {
 *     ChatLine line = msg.bind(ChatLine.class);
 *     msg.replyToChannel("chat", line);
 * }
 * }</pre>
 *
 * <p>An inbound message gets at most one reply: a second one fails with {@link IllegalStateException},
 * and so does a reply after the handling has {@linkplain #complete() completed} (send later through
 * the injected server instead).
 *
 * <p>An observer that returns a {@link CompletionStage} is non-blocking ({@link NonBlocking}) and may
 * reply until its stage completes, from the thread that completes it; the server routes the reply
 * then (bounded by the handler's deadline, else 60 seconds):
 *
 * <pre>{@code
 * CompletionStage<Void> onQuote(@Observes @MessageType("quote") Inbound msg) {
 *     return prices.lookup(msg.bind(Symbol.class)).thenAccept(p -> msg.reply("quote", p));
 * }
 * }</pre>
 *
 * <p>Threads: one instance exists per handled message and is used by the thread that handles it
 * (interceptors and observers run on that thread). Its state (context, message, reply, completion)
 * is guarded by {@code this}, so a reply attempted from another thread is still refused safely.
 *
 * @since 0.1.0
 */
public final class Inbound {

    private HandlerContext context;
    private Message message;
    private Reply reply;
    private boolean completed;
    /** What an observer that returned a {@code CompletionStage} is still doing ({@link #completeWhen}); guarded by this. */
    private CompletionStage<?> stage;

    private Inbound(HandlerContext context, Message message) {
        this.context = Objects.requireNonNull(context, "context");
        this.message = Objects.requireNonNull(message, "message");
    }

    /**
     * An inbound message as the library fires it. Also handy to unit-test an observer: call it with
     * {@code Inbound.of(...)} and look at {@link #pendingReply()}.
     */
    public static Inbound of(HandlerContext context, Message message) {
        return new Inbound(context, message);
    }

    /** The message, with {@code clientID} and {@code channelId} stamped by the server. */
    public synchronized Message message() {
        return message;
    }

    /** The connection, handshake and deadline of this invocation (a timeout interceptor adds the deadline). */
    public synchronized HandlerContext context() {
        return context;
    }

    /** The message type. */
    public String type() {
        return message().type();
    }

    /** The id of the connection that sent the message. */
    public String clientId() {
        return message().clientId();
    }

    /** The channel the sender joined. */
    public String channelId() {
        return message().channelId();
    }

    /** Binds the body to {@code type} with JSON-B; see {@link Message#bind(Class)}. */
    public <T> T bind(Class<T> type) {
        return message().bind(type);
    }

    /** Binds the body to a generic type; see {@link Message#bind(Type)}. */
    public <T> T bind(Type type) {
        return message().bind(type);
    }

    /** Replies to the reply's {@code clientID} only: build it with {@code message().newFrom(type)} to answer the sender. */
    public void reply(Message reply) {
        set(new Reply(reply, Reply.Route.DIRECT));
    }

    /** Replies to the sender with a new message of {@code type} whose body is {@code body}. */
    public void reply(String type, Object body) {
        reply(message().newFrom(type).withBody(body));
    }

    /** Sends {@code reply} to every member of its {@code channelId}, the sender included. */
    public void replyToChannel(Message reply) {
        set(new Reply(reply, Reply.Route.CHANNEL));
    }

    /** Sends a new message of {@code type} with {@code body} to every member of the sender's channel. */
    public void replyToChannel(String type, Object body) {
        replyToChannel(message().newFrom(type).withBody(body));
    }

    /** The reply set so far, if any. */
    public synchronized Optional<Reply> pendingReply() {
        return Optional.ofNullable(reply);
    }

    /**
     * Keeps the handling open until {@code pending} completes (the library calls it with the stage an
     * observer returned; several stages are all waited for).
     */
    public synchronized void completeWhen(CompletionStage<?> pending) {
        Objects.requireNonNull(pending, "pending");
        if (completed) {
            throw new IllegalStateException("the handling of '" + message.type() + "' has finished");
        }
        stage = stage == null ? pending : stage.thenCombine(pending, (a, b) -> b);
    }

    /** The stage the handling still waits for ({@link #completeWhen}), if any. */
    public synchronized Optional<CompletionStage<?>> pendingStage() {
        return Optional.ofNullable(stage);
    }

    /**
     * Ends the handling: returns the reply and refuses any further one. The library calls it after
     * the last observer returned.
     */
    public synchronized Optional<Reply> complete() {
        completed = true;
        return Optional.ofNullable(reply);
    }

    private synchronized void set(Reply next) {
        if (completed) {
            throw new IllegalStateException("the handling of '" + message.type() + "' has finished; send later "
                    + "messages through the injected ChannelServer instead of the Inbound event");
        }
        if (reply != null) {
            throw new IllegalStateException("'" + message.type() + "' already has a reply (" + reply.message().type()
                    + ", " + reply.route() + "): an inbound message gets at most one reply");
        }
        reply = next;
    }

    /** Switches to what a middleware passed on to the next handler; returns the previous state to restore. */
    synchronized Object[] enter(HandlerContext nextContext, Message nextMessage) {
        Object[] previous = {context, message};
        context = Objects.requireNonNull(nextContext, "context");
        message = Objects.requireNonNull(nextMessage, "message");
        return previous;
    }

    /** Restores the state {@link #enter} returned. */
    synchronized void leave(Object[] previous) {
        context = (HandlerContext) previous[0];
        message = (Message) previous[1];
    }

    /**
     * Adopts what a middleware returned: empty drops the reply; another message replaces it on the
     * same route (direct when there was none).
     */
    synchronized void adopt(Optional<Message> result) {
        if (result.isEmpty()) {
            reply = null;
        } else if (reply == null || !reply.message().equals(result.get())) {
            reply = new Reply(result.get(), reply == null ? Reply.Route.DIRECT : reply.route());
        }
    }

    @Override
    public synchronized String toString() {
        return "Inbound[" + message + ", reply=" + reply + "]";
    }
}
