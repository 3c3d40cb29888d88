package dev.channels.cdi.internal;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds {@link AsyncObserverInterceptor} to the {@code Inbound} observers that return a
 * {@code CompletionStage}; the extension adds it, applications never write it.
 *
 * @since 0.1.0
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AsyncObserver {

    /** The annotation instance the extension adds. */
    @SuppressWarnings("all")
    final class Literal extends AnnotationLiteral<AsyncObserver> implements AsyncObserver {
        /** The one instance. */
        public static final Literal INSTANCE = new Literal();
        private static final long serialVersionUID = 1L;
    }
}
