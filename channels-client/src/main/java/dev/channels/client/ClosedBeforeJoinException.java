package dev.channels.client;

import jakarta.websocket.CloseReason;

/** The server closed a new connection before its {@code join.success}; carries the close reason. */
final class ClosedBeforeJoinException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient CloseReason reason;

    ClosedBeforeJoinException(CloseReason reason) {
        super("the server closed the connection before join.success: " + reason.getCloseCode().getCode()
                + (reason.getReasonPhrase().isEmpty() ? "" : " " + reason.getReasonPhrase()));
        this.reason = reason;
    }

    /** The close reason. */
    CloseReason reason() {
        return reason;
    }

    /** Whether the server closed with 1008 (policy violation): how a portable server refuses a join. */
    boolean isRefusal() {
        return reason.getCloseCode().getCode() == CloseReason.CloseCodes.VIOLATED_POLICY.getCode();
    }
}
