package dev.channels.server;

import dev.channels.api.ErrorDetail;
import dev.channels.api.Message;
import dev.channels.api.MessageTypes;
import dev.channels.api.codec.EnvelopeCodec;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Where the server asks its {@link ChannelAuthorizer} (docs/protocol.md "Authorization"), so that
 * every path asks the same way: {@link #joinRefusal} for a join (a channel connection's handshake
 * today, a session's {@code channel.join} too), {@link #permits} for an inbound frame (publish of its
 * type, {@code get.info} = presence, {@code get.history} = history), and {@link #permits(Connection, Message, ChannelOperation)}
 * for a caller that knows the operation itself (the history query). A denied frame gets the sender an
 * error envelope with {@code errCode} {@code "403"}. Denials are the client's doing and are logged
 * at DEBUG; an authorizer that throws denies and is logged at WARNING (the application's bug), at
 * most once a minute (DEBUG in between), since a client's frames can make it throw again and again.
 * Stateless apart from the immutable authorizer; called on the thread that opened the connection
 * or read the frame.
 */
final class ChannelAccess {

    private static final System.Logger LOG = System.getLogger(ChannelAccess.class.getName());

    private final ChannelAuthorizer authorizer;
    /** When a failing authorizer was last logged at WARNING (nanoTime; 0: never): at most once a minute, so a client cannot flood the log. */
    private final java.util.concurrent.atomic.AtomicLong lastWarning = new java.util.concurrent.atomic.AtomicLong();

    ChannelAccess(ChannelAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    ChannelAuthorizer authorizer() {
        return authorizer;
    }

    /** Why {@code identity} may not join {@code channelId}, or empty when it may. */
    Optional<String> joinRefusal(Identity identity, String channelId) {
        return decide(new AuthorizationRequest(identity, channelId, ChannelOperation.JOIN, false)).denial();
    }

    /**
     * The operation of a client frame of {@code type}, or null for the frames that are not asked
     * about here: a session's {@code channel.join} (its join is asked with {@link #joinRefusal}) and
     * {@code channel.leave} (leaving is always allowed).
     */
    static ChannelOperation operationOf(String type) {
        return switch (type) {
            case MessageTypes.GET_INFO -> ChannelOperation.PRESENCE;
            case "get.history" -> ChannelOperation.HISTORY;
            case "channel.join", "channel.leave" -> null;
            default -> ChannelOperation.publish(type);
        };
    }

    /**
     * Whether {@code from} may have {@code message} (already stamped with its channel) handled;
     * when not, {@code from} has been sent the {@code 403} error envelope.
     */
    boolean permits(Connection from, Message message) {
        if (authorizer == ChannelAuthorizer.ALLOW_ALL) {
            return true; // the default: no allocation per frame
        }
        ChannelOperation operation = operationOf(message.type());
        return operation == null || permits(from, message, operation);
    }

    /** Whether {@code from}, a member of {@code message}'s channel, may do {@code operation}; when not, it has been sent the {@code 403}. */
    boolean permits(Connection from, Message message, ChannelOperation operation) {
        if (authorizer == ChannelAuthorizer.ALLOW_ALL) {
            return true;
        }
        AuthorizationDecision decision = decide(
                new AuthorizationRequest(from.identity(), message.channelId(), operation, true));
        if (decision.allowed()) {
            return true;
        }
        String reason = decision.denial().orElse("");
        LOG.log(Level.DEBUG, "denied {0} in ''{1}'' to {2}: {3}", operation, message.channelId(), from, reason);
        from.writer().send(EnvelopeCodec.encode(message.toError(new ErrorDetail("forbidden", reason, "403"))));
        return false;
    }

    private AuthorizationDecision decide(AuthorizationRequest request) {
        if (authorizer == ChannelAuthorizer.ALLOW_ALL) {
            return AuthorizationDecision.allow();
        }
        try {
            AuthorizationDecision decision = authorizer.authorize(request);
            return decision != null ? decision : AuthorizationDecision.deny("not authorized");
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            long last = lastWarning.get();
            boolean warn = (last == 0 || now - last >= java.util.concurrent.TimeUnit.MINUTES.toNanos(1))
                    && lastWarning.compareAndSet(last, now == 0 ? 1 : now);
            LOG.log(warn ? Level.WARNING : Level.DEBUG, "the channel authorizer failed on " + request.operation()
                    + " in '" + request.channelId() + "': denied" + (warn ? " (further failures within a minute at DEBUG)" : ""), e);
            return AuthorizationDecision.deny("not authorized");
        }
    }
}
