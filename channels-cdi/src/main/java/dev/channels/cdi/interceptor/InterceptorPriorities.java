package dev.channels.cdi.interceptor;

import jakarta.interceptor.Interceptor;

/**
 * The {@code @Priority} of the library's interceptors. A smaller priority runs further out, so a
 * handler annotated with all four runs:
 * <pre>
 * RecoveryInterceptor (1100) -> LoggingInterceptor (1200) -> MetricsInterceptor (1300)
 *     -> TimeoutInterceptor (1400) -> your observer
 * </pre>
 * Recovery is outermost so that every failure, including one of another interceptor, becomes an
 * error reply; logging and metrics see the outcome after recovery has not yet rewritten it, and the
 * time they report includes a timed-out handler; the deadline applies to the observer alone. All
 * lie in {@link Interceptor.Priority#LIBRARY_BEFORE} range, so your own interceptors at
 * {@link Interceptor.Priority#APPLICATION} run inside them.
 *
 * @since 0.1.0
 */
public final class InterceptorPriorities {

    /** {@link RecoveryInterceptor}: outermost. */
    public static final int RECOVERY = Interceptor.Priority.LIBRARY_BEFORE + 100;
    /** {@link LoggingInterceptor}. */
    public static final int LOGGING = Interceptor.Priority.LIBRARY_BEFORE + 200;
    /** {@link MetricsInterceptor}. */
    public static final int METRICS = Interceptor.Priority.LIBRARY_BEFORE + 300;
    /** {@link TimeoutInterceptor}: innermost. */
    public static final int TIMEOUT = Interceptor.Priority.LIBRARY_BEFORE + 400;

    private InterceptorPriorities() {
    }
}
