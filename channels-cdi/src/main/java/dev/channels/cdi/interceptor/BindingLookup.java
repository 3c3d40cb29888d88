package dev.channels.cdi.interceptor;

import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.util.Collection;

/**
 * Finds the interceptor binding instance (with its {@code @Nonbinding} values) for an invocation.
 * Jakarta Interceptors 2.1 has no portable accessor for it, so this looks at what Weld publishes in
 * the context data, then at the method, then at the target's class hierarchy.
 */
final class BindingLookup {

    /** The key under which Weld puts the invocation's interceptor bindings into the context data. */
    private static final String WELD_BINDINGS_KEY = "org.jboss.weld.interceptor.bindings";

    private BindingLookup() {
    }

    static <A extends Annotation> A find(InvocationContext invocation, Class<A> type, A fallback) {
        Object published = invocation.getContextData().get(WELD_BINDINGS_KEY);
        if (published instanceof Collection<?> bindings) {
            for (Object binding : bindings) {
                if (type.isInstance(binding)) {
                    return type.cast(binding);
                }
            }
        }
        if (invocation.getMethod() != null) {
            A onMethod = invocation.getMethod().getAnnotation(type);
            if (onMethod != null) {
                return onMethod;
            }
        }
        Class<?> target = invocation.getTarget() != null ? invocation.getTarget().getClass()
                : invocation.getMethod() != null ? invocation.getMethod().getDeclaringClass() : null;
        for (Class<?> c = target; c != null && c != Object.class; c = c.getSuperclass()) {
            A onClass = c.getAnnotation(type);
            if (onClass != null) {
                return onClass;
            }
        }
        return fallback;
    }
}
