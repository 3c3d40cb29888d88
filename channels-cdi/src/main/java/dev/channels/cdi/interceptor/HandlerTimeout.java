package dev.channels.cdi.interceptor;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the annotated observer (or every observer of the annotated bean) a deadline, like
 * {@link dev.channels.api.middleware.TimeoutMiddleware}: the observer sees it in
 * {@code inbound.context().deadline()}, is interrupted when it passes, and the sender then gets an
 * error envelope with errCode {@code "504"}. Run by {@link TimeoutInterceptor} at
 * {@link InterceptorPriorities#TIMEOUT}. (Named so as not to clash with MicroProfile Fault
 * Tolerance's {@code @Timeout}.)
 *
 * @since 0.1.0
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface HandlerTimeout {

    /** The time allowed, in milliseconds; must be positive. */
    @Nonbinding
    long millis() default 30_000;
}
