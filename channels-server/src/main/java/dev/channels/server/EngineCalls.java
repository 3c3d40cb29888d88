package dev.channels.server;

import dev.channels.server.engine.EngineUnavailableException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for an engine future where the server needs the answer before it goes on (joining,
 * publishing a reply, {@code get.info}). The in-memory engine's futures are complete already, so this
 * costs nothing there; a cluster engine's wait is bounded. Every failure comes out as an unchecked
 * exception: {@link EngineUnavailableException} for an engine that cannot answer (or answers too late),
 * the engine's own exception otherwise.
 */
final class EngineCalls {

    private final Duration timeout;

    EngineCalls(Duration timeout) {
        this.timeout = timeout;
    }

    <T> T await(CompletableFuture<T> future) {
        try {
            return future.isDone() ? future.join() : future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.CompletionException e) {
            throw unwrap(e.getCause());
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (TimeoutException e) {
            throw new EngineUnavailableException("the engine did not answer within " + timeout.toMillis() + " ms");
        } catch (CancellationException e) {
            throw new EngineUnavailableException("engine call cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("interrupted while waiting for the engine", e);
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new EngineUnavailableException("engine call failed: " + cause, cause);
    }
}
