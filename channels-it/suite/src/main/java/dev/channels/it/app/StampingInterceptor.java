package dev.channels.it.app;

import dev.channels.api.Middleware;
import dev.channels.cdi.MiddlewareInvocation;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * An application interceptor written as channels middleware: it adds header {@value #HEADER} (the
 * message type it answered) to the reply of every {@link Stamped} observer, whichever route the
 * reply takes. Stateless.
 */
@Stamped
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class StampingInterceptor {

    /** The header every stamped reply carries. */
    public static final String HEADER = "X-Stamped-For";

    private static final Middleware STAMP = next -> (ctx, msg) ->
            next.handle(ctx, msg).map(reply -> reply.withHeader(HEADER, msg.type()));

    /** Runs {@link #STAMP} around the observer. */
    @AroundInvoke
    public Object stamp(InvocationContext invocation) throws Exception {
        return MiddlewareInvocation.proceed(invocation, STAMP);
    }
}
