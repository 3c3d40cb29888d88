package dev.channels.api;

import java.util.List;
import java.util.Objects;

/**
 * An ordered list of middleware. The first registered runs outermost: for {@code [a, b]} a call
 * enters {@code a}, then {@code b}, then the handler, and returns through {@code b}, then {@code a}.
 * Immutable.
 *
 * @since 0.1.0
 */
public final class MiddlewareChain {

    private static final MiddlewareChain EMPTY = new MiddlewareChain(List.of());

    private final List<Middleware> middleware;

    private MiddlewareChain(List<Middleware> middleware) {
        this.middleware = middleware;
    }

    /** The chain that adds nothing. */
    public static MiddlewareChain empty() {
        return EMPTY;
    }

    /** A chain of {@code middleware}, first outermost. */
    public static MiddlewareChain of(List<? extends Middleware> middleware) {
        return new MiddlewareChain(List.copyOf(middleware));
    }

    /** A chain of {@code middleware}, first outermost. */
    public static MiddlewareChain of(Middleware... middleware) {
        return of(List.of(middleware));
    }

    /** A new chain with {@code next} appended (innermost). */
    public MiddlewareChain then(Middleware next) {
        Objects.requireNonNull(next, "middleware");
        Middleware[] all = middleware.toArray(new Middleware[middleware.size() + 1]);
        all[middleware.size()] = next;
        return new MiddlewareChain(List.of(all));
    }

    /** The middleware, first outermost. */
    public List<Middleware> middleware() {
        return middleware;
    }

    /** {@code handler} wrapped by every middleware of the chain. */
    public Handler wrap(Handler handler) {
        Handler wrapped = Objects.requireNonNull(handler, "handler");
        for (int i = middleware.size() - 1; i >= 0; i--) {
            wrapped = Objects.requireNonNull(middleware.get(i).wrap(wrapped), "middleware returned null handler");
        }
        return wrapped;
    }
}
