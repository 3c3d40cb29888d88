package dev.channels.server;

import dev.channels.api.Envelope;
import dev.channels.api.ErrorMessage;
import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.testing.TestRunner;
import dev.channels.testkit.RecordingClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A running channel server on a free port plus the clients a test opened; closes all of them. */
final class ServerFixture implements AutoCloseable {

    final ChannelServer server;
    final TestRunner.Running running;
    private final List<RecordingClient> clients = new ArrayList<>();

    ServerFixture(ChannelServer.Builder builder) throws Exception {
        this.server = builder.build();
        this.running = TestRunner.current().start(server, 0);
    }

    String uri(String channelId) {
        return running.channelUri(channelId).toString();
    }

    RecordingClient connect(String channelId) throws Exception {
        return connect(channelId, Map.of());
    }

    RecordingClient connect(String channelId, Map<String, List<String>> headers) throws Exception {
        RecordingClient client = RecordingClient.connect(uri(channelId), headers);
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** Connects and reads the join.success; returns the client and its id. */
    Joined join(String channelId) throws Exception {
        RecordingClient client = connect(channelId);
        Message join = message(client.next());
        return new Joined(client, join.clientId(), join);
    }

    record Joined(RecordingClient client, String clientId, Message joinSuccess) {
    }

    static Message message(String frame) {
        Envelope e = EnvelopeCodec.decode(frame);
        if (e instanceof Message m) {
            return m;
        }
        throw new AssertionError("expected a message, got " + frame);
    }

    static ErrorMessage error(String frame) {
        Envelope e = EnvelopeCodec.decode(frame);
        if (e instanceof ErrorMessage m) {
            return m;
        }
        throw new AssertionError("expected an error, got " + frame);
    }

    static String request(String type, String channelId, String bodyJson) {
        return EnvelopeCodec.encode(Message.create(type, channelId).withRawBody(bodyJson));
    }

    @Override
    public void close() {
        synchronized (clients) {
            for (RecordingClient c : clients) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already gone
                }
            }
        }
        running.close();
    }
}
