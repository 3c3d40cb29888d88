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
 * Logs every handled message of the annotated observer (or of every observer of the annotated
 * bean) like {@link dev.channels.api.middleware.LoggingMiddleware}: type, client, channel, time
 * taken, reply or failure. Run by {@link LoggingInterceptor} at {@link InterceptorPriorities#LOGGING}.
 *
 * @since 0.1.0
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Logged {

    /** The {@link System.Logger} name. */
    @Nonbinding
    String logger() default "dev.channels.messages";

    /** The level to log at. */
    @Nonbinding
    System.Logger.Level level() default System.Logger.Level.INFO;
}
