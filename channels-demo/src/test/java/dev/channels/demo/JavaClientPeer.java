package dev.channels.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.channels.api.Request;
import dev.channels.client.ChannelClient;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;

/**
 * A member of a channel on the real Java client ({@code channels-client}), for channels-js's tests
 * against the demo server ({@code channels-js/test/server/java-peer.ts} starts it as a child JVM on
 * JavaScriptClientTest's class path). Arguments: the server's base URI and the channel id. It
 * speaks in lines, every text a JSON string literal so that any character survives the pipe:
 * <ul>
 *   <li>it prints {@code joined} once it is in the channel;</li>
 *   <li>{@code publish <json string>} on stdin publishes a {@code chat} message whose body is that
 *       JSON text, sent as it is ({@link Request#ofJson}), and prints {@code published};</li>
 *   <li>for every {@code chat} message it receives it prints {@code chat <json string>}: the
 *       message's {@link dev.channels.api.Message#rawBody() raw body} as the frame carried it.</li>
 * </ul>
 * End of stdin leaves the channel and ends the process. Output is UTF-8 whatever the platform's
 * charset. Threads: the main thread reads stdin and publishes; the client's dispatch thread prints
 * what arrives; {@link PrintStream} serialises their lines.
 */
public final class JavaClientPeer {

    private JavaClientPeer() {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String channel = args[1];
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
        try (ChannelClient client = ChannelClient.builder()
                .listener("chat", (ctx, msg) -> {
                    out.println("chat " + Json.createValue(msg.rawBody()));
                    return msg.noContent();
                })
                .build()) {
            client.join(base, channel);
            out.println("joined");
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("publish ")) {
                    client.publish(Request.ofJson(channel, "chat", jsonString(line.substring("publish ".length()))));
                    out.println("published");
                } else {
                    out.println("unknown command " + Json.createValue(line));
                }
            }
        }
    }

    private static String jsonString(String literal) {
        try (JsonReader reader = Json.createReader(new StringReader(literal))) {
            return ((jakarta.json.JsonString) reader.readValue()).getString();
        }
    }
}
