package dev.channels.api;

/**
 * Wraps a handler with behaviour that runs before and after it: the seed's {@code MiddlewareFunc}.
 * A middleware may short-circuit by not calling {@code next}.
 *
 * <pre>{@code
 * Middleware auth = next -> (ctx, msg) ->
 *         ctx.userPrincipal().isPresent() ? next.handle(ctx, msg) : msg.noContent();
 * }</pre>
 *
 * @see MiddlewareChain
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Middleware {

    /** Returns a handler that runs this middleware around {@code next}. */
    Handler wrap(Handler next);
}
