package dev.channels.cdi;

import dev.channels.cdi.interceptor.LoggingInterceptor;
import dev.channels.cdi.internal.ChannelsRuntime;
import dev.channels.cdi.internal.AsyncObserverInterceptor;
import dev.channels.cdi.internal.InboundDispatcher;
import dev.channels.cdi.interceptor.MetricsInterceptor;
import dev.channels.cdi.interceptor.RecoveryInterceptor;
import dev.channels.cdi.interceptor.TimeoutInterceptor;
import java.util.List;

/** The classes {@link ChannelsExtension} adds as beans; the jar itself is never scanned (its beans.xml says so). */
final class LibraryBeans {

    static final List<Class<?>> CLASSES = List.of(
            ChannelsRuntime.class,
            InboundDispatcher.class,
            LoggingInterceptor.class,
            MetricsInterceptor.class,
            RecoveryInterceptor.class,
            TimeoutInterceptor.class,
            AsyncObserverInterceptor.class);

    /** The class of the readiness check, added only when MicroProfile Health is on the class path. */
    static final String READINESS_CHECK = "dev.channels.cdi.health.ChannelsReadinessCheck";
    private static final String HEALTH_API = "org.eclipse.microprofile.health.HealthCheck";

    private LibraryBeans() {
    }

    /**
     * The classes to add: {@link #CLASSES}, and the MicroProfile Health readiness check when the API
     * is visible (loaded by name, so that nothing refers to the API's types when it is absent).
     */
    static List<Class<?>> all() {
        List<Class<?>> all = new java.util.ArrayList<>(CLASSES);
        ClassLoader loader = LibraryBeans.class.getClassLoader();
        try {
            Class.forName(HEALTH_API, false, loader);
            all.add(Class.forName(READINESS_CHECK, false, loader));
        } catch (ClassNotFoundException | LinkageError absent) {
            // no MicroProfile Health: no readiness check bean
        }
        return all;
    }
}
