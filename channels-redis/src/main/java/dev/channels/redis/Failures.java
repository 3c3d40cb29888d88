package dev.channels.redis;

import dev.channels.server.engine.EngineUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what Lettuce throws into the SPI's terms: Redis unreachable, timed out, or refusing work for
 * its state (out of memory, loading, busy, read-only replica) is {@link EngineUnavailableException};
 * anything else (a script error: a bug) stays as it is. Stateless.
 */
final class Failures {

    /** Error prefixes of a Redis that cannot take the command now, though the command is fine. */
    private static final List<String> UNAVAILABLE_ERRORS = List.of(
            "OOM", "LOADING", "BUSY", "READONLY", "MASTERDOWN", "NOREPLICAS", "CLUSTERDOWN", "TRYAGAIN", "MISCONF");

    private Failures() {
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** The exception the engine's future fails with for {@code t}. */
    static Throwable translate(Throwable t, String what) {
        Throwable c = unwrap(t);
        if (c instanceof EngineUnavailableException) {
            return c;
        }
        if (c instanceof RedisCommandExecutionException) {
            String message = c.getMessage() == null ? "" : c.getMessage();
            for (String prefix : UNAVAILABLE_ERRORS) {
                if (message.startsWith(prefix)) {
                    return new EngineUnavailableException("Redis refused " + what + ": " + message, c);
                }
            }
            return c;
        }
        if (c instanceof RedisCommandTimeoutException) {
            return new EngineUnavailableException("Redis did not answer " + what + " in time", c);
        }
        if (c instanceof RedisConnectionException || c instanceof RedisCommandInterruptedException
                || c instanceof RedisException || c instanceof java.io.IOException) {
            return new EngineUnavailableException("Redis unreachable for " + what + ": " + c.getMessage(), c);
        }
        return c;
    }
}
