package dev.channels.bench.jmh;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * What a broadcast to {@code members} costs in encoding: the frame encoded once and the same text
 * handed to every member, against one encoding per member (what a server that re-encodes per
 * connection pays). Time per broadcast.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BroadcastEncodeBenchmark extends JmhSettings {

    @Param({"10", "100", "1000"})
    public int members;

    private Message message;

    @Setup
    public void setUp() {
        message = Message.create("chat", "room-1")
                .withClientId("bc284a49-7013-452c-a078-e18c7a80dd79")
                .withRawBody("{\"seq\":1,\"t\":2,\"pad\":\"" + "x".repeat(220) + "\"}");
    }

    @Benchmark
    public void encodeOnce(Blackhole sink) {
        String frame = EnvelopeCodec.encode(message);
        for (int i = 0; i < members; i++) {
            sink.consume(frame);
        }
    }

    @Benchmark
    public void encodePerMember(Blackhole sink) {
        for (int i = 0; i < members; i++) {
            sink.consume(EnvelopeCodec.encode(message));
        }
    }
}
