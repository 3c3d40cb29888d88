package dev.channels.cdi.interceptor;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Counts and times the messages the annotated observer handles, like
 * {@link dev.channels.api.middleware.MetricsMiddleware}, recording into the application's
 * {@link dev.channels.api.middleware.MessageMetrics} bean (for example
 * {@code @Produces MessageMetrics metrics = new MicrometerMessageMetrics(registry);}), or, when
 * there is none, into {@link MetricsInterceptor#fallbackMetrics()}. Run by
 * {@link MetricsInterceptor} at {@link InterceptorPriorities#METRICS}.
 *
 * @since 0.1.0
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Metered {
}
