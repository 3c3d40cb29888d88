package dev.channels.cdi.internal;

import dev.channels.cdi.Inbound;
import dev.channels.cdi.interceptor.InterceptorPriorities;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.concurrent.CompletionStage;

/**
 * Hands the {@code CompletionStage} an {@code Inbound} observer returned to its {@link Inbound}
 * ({@link Inbound#completeWhen}), since CDI drops an observer's return value: the reply is then routed
 * when the stage completes ({@link AsyncObserverHandler}). Innermost of the library's interceptors.
 * Stateless.
 *
 * @since 0.1.0
 */
@AsyncObserver
@Interceptor
@Priority(InterceptorPriorities.TIMEOUT + 100)
public class AsyncObserverInterceptor {

    /** Proceeds, and gives a returned stage to the invocation's {@link Inbound}. */
    @AroundInvoke
    public Object capture(InvocationContext invocation) throws Exception {
        Object result = invocation.proceed();
        if (result instanceof CompletionStage<?> stage) {
            for (Object parameter : invocation.getParameters()) {
                if (parameter instanceof Inbound inbound) {
                    inbound.completeWhen(stage);
                    break;
                }
            }
        }
        return result;
    }
}
