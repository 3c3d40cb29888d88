package dev.channels.cdi.demo;

import dev.channels.cdi.se.ChannelsSe;

/**
 * The CDI flavour of the demo: {@link ChatRoom}'s observers served by Weld SE and Tyrus at
 * {@code ws://localhost:8025/ws/{channelId}} until Ctrl-C.
 *
 * <pre>
 * ./mvnw -q -pl channels-cdi -am compile exec:java [-Dexec.args="--port 9000"]
 *
 * (the property keeps channels-tyrus's own demo from running first; -Dchannels.base-path=/chat moves the endpoint)
 * </pre>
 *
 * @since 0.1.0
 */
public final class CdiChatDemo {

    private CdiChatDemo() {
    }

    /** Starts the demo; flag {@code --port N} (default 8025). */
    public static void main(String[] args) throws InterruptedException {
        int port = 8025;
        for (int i = 0; i + 1 < args.length; i++) {
            if ("--port".equals(args[i])) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        try (ChannelsSe channels = ChannelsSe.builder().port(port).disableDiscovery().beanClasses(ChatRoom.class).start()) {
            System.getLogger(CdiChatDemo.class.getName()).log(System.Logger.Level.INFO,
                    "try: websocat {0}", channels.channelUri("room-1"));
            channels.awaitShutdown();
        }
    }
}
