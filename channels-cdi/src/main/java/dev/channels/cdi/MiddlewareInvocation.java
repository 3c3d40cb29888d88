package dev.channels.cdi;

import dev.channels.api.Handler;
import dev.channels.api.Message;
import dev.channels.api.Middleware;
import jakarta.interceptor.InvocationContext;
import java.util.Optional;

/**
 * Runs a channels-api {@link Middleware} inside a CDI {@code @AroundInvoke}, so that an interceptor
 * behaves exactly like the same middleware registered on the server. The library's own interceptors
 * ({@code dev.channels.cdi.interceptor}) use it, and so can yours:
 *
 * <pre>{@code
 * @Authenticated @Interceptor @Priority(Interceptor.Priority.APPLICATION)
 * public class AuthenticationInterceptor {
 *     private final Middleware auth = next -> (ctx, msg) ->
 *             ctx.userPrincipal().isPresent() ? next.handle(ctx, msg) : Optional.of(msg.newFrom("auth.required"));
 *
 *     @AroundInvoke
 *     Object around(InvocationContext ic) throws Exception {
 *         return MiddlewareInvocation.proceed(ic, auth);
 *     }
 * }
 * }</pre>
 *
 * <p>The rest of the interceptor chain and the observer become the middleware's {@code next}
 * handler: the context and message the middleware passes on are what the observer sees through
 * {@link Inbound#context()} and {@link Inbound#message()}; the observer's reply is what {@code next}
 * returns. What the middleware returns becomes the reply (a middleware that does not call
 * {@code next} short-circuits: the observer does not run and the middleware's reply, if any, goes
 * to the sender). A method without an {@link Inbound} parameter just proceeds.
 *
 * @since 0.1.0
 */
public final class MiddlewareInvocation {

    private MiddlewareInvocation() {
    }

    /**
     * Runs {@code middleware} around {@code invocation.proceed()}.
     *
     * @return what the intercepted method returned, or {@code null} when the middleware short-circuited
     * @throws Exception what the middleware or the invocation threw
     */
    public static Object proceed(InvocationContext invocation, Middleware middleware) throws Exception {
        Inbound inbound = inboundParameter(invocation);
        if (inbound == null) {
            return invocation.proceed();
        }
        Object[] returned = new Object[1];
        Handler next = (ctx, msg) -> {
            Object[] previous = inbound.enter(ctx, msg);
            try {
                returned[0] = invocation.proceed();
            } finally {
                inbound.leave(previous);
            }
            return inbound.pendingReply().map(Reply::message);
        };
        Optional<Message> result = middleware.wrap(next).handle(inbound.context(), inbound.message());
        inbound.adopt(result == null ? Optional.empty() : result);
        return returned[0];
    }

    private static Inbound inboundParameter(InvocationContext invocation) {
        Object[] parameters = invocation.getParameters();
        if (parameters == null) {
            return null;
        }
        for (Object parameter : parameters) {
            if (parameter instanceof Inbound inbound) {
                return inbound;
            }
        }
        return null;
    }
}
