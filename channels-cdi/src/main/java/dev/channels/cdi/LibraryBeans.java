package dev.channels.cdi;

import dev.channels.cdi.interceptor.LoggingInterceptor;
import dev.channels.cdi.internal.ChannelsRuntime;
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
            TimeoutInterceptor.class);

    private LibraryBeans() {
    }
}
