package dev.channels.cdi.interceptor;

import dev.channels.api.middleware.TimeoutMiddleware;
import dev.channels.cdi.MiddlewareInvocation;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs {@link TimeoutMiddleware} around observers annotated {@link HandlerTimeout}.
 *
 * @since 0.1.0
 */
@HandlerTimeout
@Interceptor
@Priority(InterceptorPriorities.TIMEOUT)
public class TimeoutInterceptor {

    /** One middleware per distinct timeout: bounded by the application's code. */
    private static final Map<Long, TimeoutMiddleware> MIDDLEWARE = new ConcurrentHashMap<>();

    /** Runs the middleware around the invocation. */
    @AroundInvoke
    public Object limit(InvocationContext invocation) throws Exception {
        HandlerTimeout timeout = BindingLookup.find(invocation, HandlerTimeout.class, null);
        long millis = timeout == null ? 30_000 : timeout.millis();
        TimeoutMiddleware middleware = MIDDLEWARE.computeIfAbsent(millis,
                m -> TimeoutMiddleware.of(Duration.ofMillis(m)));
        return MiddlewareInvocation.proceed(invocation, middleware);
    }
}
