package dev.channels.abuse;

import java.time.Duration;

/**
 * The sizes of the five attacks. {@code -Dchannels.abuse.scale=ci} (the default: every build, both
 * runners in about three minutes), {@code full} (the sizes of issue 20, by hand), or {@code zero}
 * (no attack traffic at all: every check must pass, which proves the harness itself sound). Each
 * size can be set on its own too, e.g. {@code -Dchannels.abuse.churn=50000}.
 *
 * @param name            ci, full or zero
 * @param heap            the server JVM's -Xms/-Xmx
 * @param churn           connections opened and ended after join.success (a third each by close, FIN, RST)
 * @param pings           masked 125-byte pings the ping flooder sends without reading
 * @param historyMessages messages of {@code historyChars} characters in the big-history channel
 * @param historyChars    characters of each of them
 * @param rejoiners       clients that rejoin the big-history channel at once with since=0
 * @param slowReaders     members that stop reading while the innocent member chats
 * @param chatChars       characters of the innocent member's chat body (20 messages/s)
 * @param infoMembers     members of the channel whose member list get.info asks for
 * @param infoFlooders    flooders, each writing {@code infoFrames} get.info frames in one write
 * @param infoFrames      get.info frames per flooder
 * @param attackBound     the longest an attack may take to end (a server that never cuts the attacker)
 * @param settle          the longest the server may take, once the attack has ended, to empty its registry
 *                        and to give back its heap
 * @param p99LimitMs      the canary's round-trip p99 bound during the attack: 100 ms at full size; 500 ms in
 *                        CI, where the attackers share the machine's two cores with the server (at CI size
 *                        the canary measured p99s of 30 to 245 ms on the attacks the server survives on a
 *                        quiet machine and up to 301 ms with both cores loaded by stress-ng; 760 ms to 30 s
 *                        where the server stalls other channels: see README.md)
 */
record Scale(String name, String heap, int churn, int pings, int historyMessages, int historyChars, int rejoiners,
             int slowReaders, int chatChars, int infoMembers, int infoFlooders, int infoFrames, Duration attackBound,
             Duration settle, long p99LimitMs) {

    /** The scale the system properties ask for. */
    static Scale fromSystemProperties() {
        String name = System.getProperty("channels.abuse.scale", "ci").trim();
        Scale base = switch (name) {
            case "ci", "" -> new Scale("ci", "512m", 3_000, 200_000, 100, 60_000, 50, 1_000, 30_000, 300, 4, 3_000,
                    Duration.ofSeconds(30), Duration.ofSeconds(30), 500);
            case "full" -> new Scale("full", "1g", 10_000, 2_000_000, 100, 60_000, 200, 3_000, 200, 2_000, 4, 3_000,
                    Duration.ofSeconds(300), Duration.ofSeconds(120), 100);
            case "zero" -> new Scale("zero", "512m", 0, 0, 0, 0, 0, 0, 200, 0, 0, 0, Duration.ofSeconds(30),
                    Duration.ofSeconds(30), 300);
            default -> throw new IllegalArgumentException("channels.abuse.scale must be ci, full or zero, not " + name);
        };
        return new Scale(base.name, System.getProperty("channels.abuse.heap", base.heap),
                integer("churn", base.churn), integer("pings", base.pings),
                integer("historyMessages", base.historyMessages), integer("historyChars", base.historyChars),
                integer("rejoiners", base.rejoiners), integer("slowReaders", base.slowReaders),
                integer("chatChars", base.chatChars), integer("infoMembers", base.infoMembers),
                integer("infoFlooders", base.infoFlooders), integer("infoFrames", base.infoFrames),
                Duration.ofSeconds(integer("attackBoundSeconds", (int) base.attackBound.toSeconds())),
                Duration.ofSeconds(integer("settleSeconds", (int) base.settle.toSeconds())),
                integer("p99LimitMs", (int) base.p99LimitMs));
    }

    /**
     * The warm-up before the baseline: the same traffic, small, so that class loading, pools and
     * caches are in the baseline and only what the attack itself leaves counts.
     */
    Scale warmUp() {
        return new Scale(name + "-warm-up", heap, Math.min(churn, 150), Math.min(pings, 2_000),
                historyMessages, historyChars, Math.min(rejoiners, 2), Math.min(slowReaders, 5), chatChars,
                Math.min(infoMembers, 10), Math.min(infoFlooders, 1), Math.min(infoFrames, 20), attackBound, settle, p99LimitMs);
    }

    private static int integer(String key, int fallback) {
        return Integer.getInteger("channels.abuse." + key, fallback);
    }
}
