package dev.channels.bench.cluster;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import dev.channels.bench.driver.FanoutGroup;
import dev.channels.redis.RedisEngine;
import dev.channels.server.engine.EngineListener;
import dev.channels.server.engine.Publication;
import dev.channels.server.engine.StreamOptions;

import dev.channels.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Redis memory per retained message: the Redis engine (as a server node runs it) publishes
 * {@code history} messages into each of {@code channels} channels whose streams keep {@code history}
 * messages, so exactly {@code channels x history} are retained. Each message is the envelope the
 * bench server's {@code fanout} handler publishes for a driver frame of the bench body size.
 * Figures: Redis's {@code used_memory} (INFO memory) after minus before, divided by the messages
 * retained; and {@code MEMORY USAGE} (exact: {@code SAMPLES 0}) of one channel's stream key divided by
 * its length; both beside the envelope's own length, so the difference is Redis's bookkeeping.
 */
final class RedisMemory {

    private static final String PREFIX = "bench:";

    private RedisMemory() {
    }

    static Map<String, Object> measure(RedisServerProcess redis, int channels, int history, int bodyBytes)
            throws InterruptedException {
        RedisEngine engine = RedisEngine.builder().uri(redis.uri()).keyPrefix(PREFIX).nodeId("memory-bench").build();
        engine.start(new EngineListener() {
            @Override
            public void onPublication(Publication publication) {
                // nobody subscribes: only the streams matter here
            }

            @Override
            public void onControl(String data) {
            }
        });
        try {
            StreamOptions stream = StreamOptions.of(history, Duration.ofHours(1));
            Message frame = EnvelopeCodec.decodeMessage(FanoutGroup.sampleFrame(bodyBytes));
            long before = redis.info("memory", "used_memory");
            Semaphore inFlight = new Semaphore(256);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long envelopeChars = 0;
            for (int c = 0; c < channels; c++) {
                String channel = "memory-" + c;
                // the reply the fanout handler makes: msg.newFrom("fanout").withBody(msg.body()), in the channel
                String data = EnvelopeCodec.encode(Message.create("fanout", channel).withBody(frame.body()));
                envelopeChars += (long) data.length() * history;
                for (int i = 0; i < history; i++) {
                    inFlight.acquire();
                    engine.broker().publish(channel, data, stream).whenComplete((p, t) -> {
                        if (t != null) {
                            failure.compareAndSet(null, t);
                        }
                        inFlight.release();
                    });
                }
            }
            if (!inFlight.tryAcquire(256, 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("publishes to Redis did not complete in 60 s");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a publish to Redis failed", failure.get());
            }
            long after = redis.info("memory", "used_memory");
            long retained = (long) channels * history;
            String streamKey = PREFIX + "stream.memory-0";
            long length = Long.parseLong(redis.command("XLEN", streamKey));
            long streamBytes = Long.parseLong(redis.command("MEMORY", "USAGE", streamKey, "SAMPLES", "0"));
            long metaBytes = Long.parseLong(redis.command("MEMORY", "USAGE", PREFIX + "meta.memory-0", "SAMPLES", "0"));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workload", "cluster-redis-memory");
            r.put("channels", channels);
            r.put("history", history);
            r.put("bytes", bodyBytes);
            r.put("retainedMessages", retained);
            r.put("envelopeChars", envelopeChars / (double) retained);
            r.put("usedMemoryBefore", before);
            r.put("usedMemoryAfter", after);
            r.put("usedMemoryPerMessage", (after - before) / (double) retained);
            r.put("streamLength", length);
            r.put("streamMemoryUsage", streamBytes);
            r.put("streamBytesPerMessage", streamBytes / (double) Math.max(1, length));
            r.put("metaMemoryUsage", metaBytes);
            r.put("redisVersion", versionOf(redis));
            return r;
        } finally {
            engine.close();
        }
    }

    private static String versionOf(RedisServerProcess redis) {
        for (String line : redis.command("INFO", "server").split("\r\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).trim();
            }
        }
        return "";
    }
}
