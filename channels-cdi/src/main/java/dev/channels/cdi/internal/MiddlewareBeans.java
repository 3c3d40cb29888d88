package dev.channels.cdi.internal;

import dev.channels.api.Middleware;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.Prioritized;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The application's {@link Middleware} beans (with the default qualifier), ordered: smaller
 * {@code @Priority} first (outermost); beans without one after all that have one, by class name.
 * A managed bean takes the {@code @Priority} of its class; a custom bean may implement
 * {@link Prioritized}; a producer's result has no priority.
 */
final class MiddlewareBeans {

    private static final int UNPRIORITISED = Integer.MAX_VALUE;

    private MiddlewareBeans() {
    }

    static List<Middleware> ordered(Instance<Middleware> beans) {
        record Entry(int priority, String name, Middleware middleware) { }
        List<Entry> entries = new ArrayList<>();
        for (Instance.Handle<Middleware> handle : beans.handles()) {
            Bean<Middleware> bean = handle.getBean();
            entries.add(new Entry(priorityOf(bean), bean.getBeanClass().getName(), handle.get()));
        }
        entries.sort(Comparator.comparingInt(Entry::priority).thenComparing(Entry::name));
        return entries.stream().map(Entry::middleware).toList();
    }

    private static int priorityOf(Bean<?> bean) {
        if (bean instanceof Prioritized p) {
            return p.getPriority();
        }
        if (Middleware.class.isAssignableFrom(bean.getBeanClass())) {
            Priority priority = bean.getBeanClass().getAnnotation(Priority.class);
            if (priority != null) {
                return priority.value();
            }
        }
        return UNPRIORITISED;
    }
}
