package dev.channels.cdi.interceptor;

import dev.channels.api.middleware.CountingMessageMetrics;
import dev.channels.api.middleware.MessageMetrics;
import dev.channels.api.middleware.MetricsMiddleware;
import dev.channels.cdi.MiddlewareInvocation;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs {@link MetricsMiddleware} around observers annotated {@link Metered}, recording into the
 * application's {@link MessageMetrics} bean, or into {@link #fallbackMetrics()} when there is none.
 *
 * @since 0.1.0
 */
@Metered
@Interceptor
@Priority(InterceptorPriorities.METRICS)
public class MetricsInterceptor {

    private static final CountingMessageMetrics FALLBACK = new CountingMessageMetrics();

    private final Instance<MessageMetrics> metrics;

    /** Resolved on first use (any handler thread); the benign race resolves the same bean twice at worst. */
    private volatile MetricsMiddleware middleware;

    /** Creates the interceptor; {@code metrics} is the application's recorder, if it has one. */
    @Inject
    public MetricsInterceptor(Instance<MessageMetrics> metrics) {
        this.metrics = metrics;
    }

    /** Where {@code @Metered} records when the application declares no {@link MessageMetrics} bean. */
    public static CountingMessageMetrics fallbackMetrics() {
        return FALLBACK;
    }

    /** Runs the middleware around the invocation. */
    @AroundInvoke
    public Object measure(InvocationContext invocation) throws Exception {
        MetricsMiddleware m = middleware;
        if (m == null) {
            m = MetricsMiddleware.recordingTo(metrics.isResolvable() ? metrics.get() : FALLBACK);
            middleware = m;
        }
        return MiddlewareInvocation.proceed(invocation, m);
    }
}
