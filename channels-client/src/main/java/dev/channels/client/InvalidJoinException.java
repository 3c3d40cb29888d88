package dev.channels.client;

/**
 * The server's {@code join.success} could not be accepted: it names another channel than the one
 * joined, or carries no clientID. Fails the join (as {@link JoinException.Reason#PROTOCOL}).
 */
final class InvalidJoinException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    InvalidJoinException(String problem) {
        super(problem);
    }
}
