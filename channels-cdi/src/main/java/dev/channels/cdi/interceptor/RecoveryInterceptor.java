package dev.channels.cdi.interceptor;

import dev.channels.api.middleware.RecoveryMiddleware;
import dev.channels.cdi.MiddlewareInvocation;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs {@link RecoveryMiddleware} around observers annotated {@link Recover}.
 *
 * @since 0.1.0
 */
@Recover
@Interceptor
@Priority(InterceptorPriorities.RECOVERY)
public class RecoveryInterceptor {

    private static final RecoveryMiddleware MIDDLEWARE = RecoveryMiddleware.create();

    /** Runs the middleware around the invocation. */
    @AroundInvoke
    public Object recover(InvocationContext invocation) throws Exception {
        return MiddlewareInvocation.proceed(invocation, MIDDLEWARE);
    }
}
