package dev.channels.cdi.internal;

import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The application's beans of the library's single-bean SPIs ({@code ChannelAuthorizer},
 * {@code HandshakeCheck}, {@code ServerErrorHandler}) as the container's discovery reported them
 * ({@code ProcessBean}), for the servers whose lookups from the library cannot see them: on Payara
 * (6.2025.10) an {@code Instance} injected into the library's own beans, which live in
 * {@code WEB-INF/lib/channels-cdi.jar}, is unsatisfied for a bean declared in {@code WEB-INF/classes}
 * (a bean archive of a library jar does not see the WAR's classes there), so an application's
 * {@code ChannelAuthorizer} producer was silently not used and everything was allowed. {@link #resolve}
 * uses the injected {@code Instance} when it resolves (WildFly, Open Liberty, Weld SE), else the one
 * discovered bean of that type.
 *
 * <p>Threads: {@link #offer} on the container's bootstrap thread, one event at a time; read-only
 * afterwards (the deployment is validated before any bean is created).
 */
public final class DiscoveredBeans {

    private static final System.Logger LOG = System.getLogger(DiscoveredBeans.class.getName());

    private final Set<Class<?>> wanted;
    private final Map<Class<?>, List<Bean<?>>> beans = new LinkedHashMap<>();

    /** Collects the {@code @Default} beans whose types include one of {@code wanted}. */
    public DiscoveredBeans(Set<Class<?>> wanted) {
        this.wanted = Set.copyOf(wanted);
    }

    /** Records {@code bean} if it has a wanted type and the {@code @Default} qualifier. */
    public void offer(Bean<?> bean) {
        if (bean.getQualifiers().stream().noneMatch(q -> q.annotationType() == Default.class)) {
            return;
        }
        for (Class<?> type : wanted) {
            if (bean.getTypes().contains(type)) {
                beans.computeIfAbsent(type, t -> new ArrayList<>()).add(bean);
            }
        }
    }

    /**
     * The bean of {@code type}: {@code instance}'s when it resolves, else the one bean discovery
     * reported (a reference through {@code manager}), else empty. Several discovered beans that
     * {@code instance} cannot choose between are not guessed at: empty, with a warning at start.
     */
    public <T> Optional<T> resolve(Instance<T> instance, Class<T> type, BeanManager manager) {
        if (instance.isResolvable()) {
            return Optional.of(instance.get());
        }
        List<Bean<?>> found = beans.getOrDefault(type, List.of());
        if (instance.isAmbiguous() || found.size() > 1) {
            LOG.log(Level.WARNING, "several {0} beans ({1}): none is used", type.getSimpleName(), found);
            return Optional.empty();
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Bean<?> bean = found.get(0);
        LOG.log(Level.DEBUG, "{0} bean {1} found by discovery, not by lookup", type.getSimpleName(), bean);
        return Optional.of(type.cast(manager.getReference(bean, type, manager.createCreationalContext(bean))));
    }
}
