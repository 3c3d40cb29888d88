package dev.channels.cdi.interceptor;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns whatever the annotated observer throws, {@link Error}s included (short of a
 * {@link VirtualMachineError}), into an error reply, like
 * {@link dev.channels.api.middleware.RecoveryMiddleware}: the seed's panic recovery. Run by
 * {@link RecoveryInterceptor} at {@link InterceptorPriorities#RECOVERY}.
 *
 * @since 0.1.0
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Recover {
}
