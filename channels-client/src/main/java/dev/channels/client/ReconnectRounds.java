package dev.channels.client;

import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Duration;

/**
 * Where and when a reconnect loop tries next, the same for a {@link ChannelConnection}'s own link and for a
 * {@link SessionConnection}: the node in use (round robin over the nodes the client knows), and the rounds of
 * the {@link ReconnectPolicy}: one policy attempt is one round over every node, the nodes of a round tried at
 * once one after the other, and after a close that says the server is going away (1012, 1013, 1001) the
 * next node at once.
 *
 * <p>Threads: {@link #node()} is read from any thread (volatile); everything else is called by the owner's
 * first join (its caller's thread) and then by its reconnect loop, one attempt at a time (the close handling,
 * then the scheduler), never at once.
 */
final class ReconnectRounds {

    /**
     * The next attempt of the loop: {@code attempt} (the same number while the round goes on) after {@code delay}.
     *
     * @param attempt the policy attempt it belongs to (1-based)
     * @param delay   how long to wait before it
     */
    record Next(int attempt, Duration delay) {
    }

    private final int nodes;
    private final ReconnectPolicy policy;
    /** The node in use (index into the owner's URIs). */
    private volatile int node;
    /** Nodes that failed in this round (the loop's thread only). */
    private int triedThisRound;

    ReconnectRounds(int nodes, ReconnectPolicy policy) {
        this.nodes = nodes;
        this.policy = policy;
    }

    /** The node in use. */
    int node() {
        return node;
    }

    /** Uses node {@code i} (a first join tries them in order). */
    void use(int i) {
        node = i;
    }

    /** Moves to the next node (round robin). */
    private void nextNode() {
        node = (node + 1) % nodes;
    }

    /**
     * Whether a close with {@code code} means that the server went away while others may serve the channel:
     * 1012 (service restart: a drain, a lost stream), 1013 (try again later: full or engine down) and 1001
     * (going away: shutdown). With several nodes, the reconnect moves to the next one at once.
     */
    static boolean serverMoving(int code) {
        return code == CloseCodes.SERVICE_RESTART.getCode() || code == CloseCodes.TRY_AGAIN_LATER.getCode()
                || code == CloseCodes.GOING_AWAY.getCode();
    }

    /**
     * The link closed with {@code closeCode} and the loop starts: its first attempt, at once on the next node
     * when the server is going away and there are others, else after the policy's first delay.
     */
    Next start(int closeCode) {
        triedThisRound = 0;
        if (nodes > 1 && serverMoving(closeCode)) {
            nextNode(); // this node is going away: the next one, at once
            return new Next(1, Duration.ZERO);
        }
        return new Next(1, policy.delayBefore(1));
    }

    /**
     * Attempt {@code attempt} failed on the node in use: moves to the next node and says what comes next, a
     * node of this round at once, or (every node failed once) the policy's next attempt after its delay; null
     * when the policy allows no more.
     */
    Next failed(int attempt) {
        triedThisRound++;
        nextNode();
        if (triedThisRound < nodes) { // a node of this round is left: it, at once
            return new Next(attempt, Duration.ZERO);
        }
        triedThisRound = 0; // every node failed once: one attempt of the policy
        return policy.allows(attempt + 1) ? new Next(attempt + 1, policy.delayBefore(attempt + 1)) : null;
    }

    /** An attempt joined: the next loop starts a new round. */
    void succeeded() {
        triedThisRound = 0;
    }
}
