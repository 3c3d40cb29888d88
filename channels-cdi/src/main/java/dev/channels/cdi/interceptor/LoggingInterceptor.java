package dev.channels.cdi.interceptor;

import dev.channels.api.middleware.LoggingMiddleware;
import dev.channels.cdi.MiddlewareInvocation;
import jakarta.annotation.Priority;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs {@link LoggingMiddleware} around observers annotated {@link Logged}.
 *
 * @since 0.1.0
 */
@Logged
@Interceptor
@Priority(InterceptorPriorities.LOGGING)
public class LoggingInterceptor {

    private static final Logged DEFAULT = new LoggedLiteral();

    /** One middleware per distinct {@code @Logged} declaration: bounded by the application's code. */
    private static final Map<Logged, LoggingMiddleware> MIDDLEWARE = new ConcurrentHashMap<>();

    /** Runs the middleware around the invocation. */
    @AroundInvoke
    public Object log(InvocationContext invocation) throws Exception {
        Logged logged = BindingLookup.find(invocation, Logged.class, DEFAULT);
        LoggingMiddleware middleware = MIDDLEWARE.computeIfAbsent(logged, l ->
                LoggingMiddleware.of(System.getLogger(l.logger()), l.level(), msg -> false));
        return MiddlewareInvocation.proceed(invocation, middleware);
    }

    @SuppressWarnings("all")
    private static final class LoggedLiteral extends AnnotationLiteral<Logged> implements Logged {
        @Override
        public String logger() {
            return "dev.channels.messages";
        }

        @Override
        public System.Logger.Level level() {
            return System.Logger.Level.INFO;
        }
    }
}
