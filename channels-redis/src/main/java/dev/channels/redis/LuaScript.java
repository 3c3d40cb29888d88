package dev.channels.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * One of the engine's Lua scripts (the {@code .lua} resources beside this class), run with EVALSHA and,
 * when Redis does not know it (a restarted Redis), with EVAL, which loads it. Replies come back in
 * command order, so a fallback EVAL keeps the order of one caller's scripts. Immutable.
 */
final class LuaScript {

    private final String name;
    private final String source;
    private final String sha1;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1(source);
    }

    /**
     * Loads {@code name}.lua, with {@code __READ_STREAM__} replaced by read-stream.lua (the opening the history
     * scripts share), then {@code __TRIM__} by trim.lua and {@code __PRESENCE__} by presence.lua.
     */
    static LuaScript load(String name) {
        String text = resource(name + ".lua");
        if (text.contains("__READ_STREAM__")) {
            text = text.replace("__READ_STREAM__", resource("read-stream.lua"));
        }
        if (text.contains("__TRIM__")) {
            text = text.replace("__TRIM__", resource("trim.lua"));
        }
        if (text.contains("__PRESENCE__")) {
            text = text.replace("__PRESENCE__", resource("presence.lua"));
        }
        return new LuaScript(name, text);
    }

    /** Runs the script; the future completes on a Lettuce I/O thread. */
    <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        return redis.<T>evalsha(sha1, type, keys, args).toCompletableFuture()
                .exceptionallyCompose(e -> {
                    Throwable cause = Failures.unwrap(e);
                    if (cause instanceof RedisNoScriptException
                            || (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT"))) {
                        return redis.<T>eval(source, type, keys, args).toCompletableFuture();
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    /**
     * This script for a Redis Cluster: its {@code PUBLISH} calls become {@code SPUBLISH} (sharded Pub/Sub,
     * Redis 7), whose channel must hash to the slot of the script's keys ({@link RedisKeys} tags both
     * alike). The same script where it publishes nothing.
     */
    LuaScript sharded() {
        String text = source.replace("redis.call('PUBLISH'", "redis.call('SPUBLISH'")
                .replace("redis.call(\"PUBLISH\"", "redis.call(\"SPUBLISH\"");
        if (java.util.regex.Pattern.compile("(?<!S)PUBLISH['\"]").matcher(text).find()) {
            // a PUBLISH written another way would reach no sharded subscriber: fail at class loading, not silently
            throw new IllegalStateException(name + ".lua publishes in a way sharded() does not rewrite");
        }
        return text.equals(source) ? this : new LuaScript(name + " (sharded)", text);
    }

    @Override
    public String toString() {
        return name + ".lua";
    }

    private static String resource(String file) {
        try (InputStream in = LuaScript.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
