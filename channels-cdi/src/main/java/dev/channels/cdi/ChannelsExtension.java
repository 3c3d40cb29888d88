package dev.channels.cdi;

import dev.channels.api.ServerErrorHandler;
import dev.channels.cdi.internal.DiscoveredBeans;
import dev.channels.cdi.internal.AsyncObserver;
import dev.channels.cdi.internal.ObserverDeclaration;
import dev.channels.cdi.internal.ObserverExecution;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import dev.channels.cdi.internal.RolesAllowedAuthorizer;
import dev.channels.server.ChannelAuthorizer;
import dev.channels.server.HandshakeCheck;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;
import jakarta.enterprise.inject.spi.ProcessSyntheticObserverMethod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The portable extension of channels (registered in {@code META-INF/services}): it adds the library's
 * beans and interceptors, collects the message type of every {@link Inbound} observer, and fails the
 * deployment, naming the method and the fix, for each observer that breaks the rules of
 * {@link MessageType}.
 *
 * <p>Container events arrive on the container's bootstrap thread, one at a time; the collected
 * state is read-only once the deployment is validated.
 *
 * @since 0.1.0
 */
public class ChannelsExtension implements Extension {

    /** Message type -> observers of it, sorted by type. */
    private final Map<String, List<String>> observers = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    /** Message type -> how its observers run (blocking unless all are non-blocking; async if one returns a stage). */
    private final Map<String, ObserverExecution> executions = new TreeMap<>();
    /** The {@code @RolesAllowed} of the observers that have one. */
    private final RolesAllowedAuthorizer.Collector restricted = new RolesAllowedAuthorizer.Collector();
    /** The application's authorizer, handshake check and error handler beans, as discovery saw them. */
    private final DiscoveredBeans discovered = new DiscoveredBeans(
            Set.of(ChannelAuthorizer.class, HandshakeCheck.class, ServerErrorHandler.class));

    void addLibraryBeans(@Observes BeforeBeanDiscovery event, BeanManager beans) {
        for (Class<?> type : LibraryBeans.all()) {
            event.addAnnotatedType(beans.createAnnotatedType(type), ChannelsExtension.class.getName() + "#" + type.getName());
        }
    }

    /**
     * Binds {@link AsyncObserverInterceptor} to every {@link Inbound} observer that returns a
     * {@code CompletionStage}: CDI drops an observer's return value, the interceptor hands the stage to
     * the {@link Inbound} so the reply is routed when it completes.
     */
    void markAsyncObservers(@Observes @WithAnnotations(jakarta.enterprise.event.Observes.class) ProcessAnnotatedType<?> event) {
        java.util.function.Predicate<jakarta.enterprise.inject.spi.AnnotatedMethod<?>> async = m ->
                ObserverExecution.returnsStage(m.getJavaMember()) && m.getParameters().stream().anyMatch(p ->
                        p.isAnnotationPresent(jakarta.enterprise.event.Observes.class) && p.getBaseType() == Inbound.class);
        if (event.getAnnotatedType().getMethods().stream().anyMatch(async)) { // leave every other type as it is
            event.configureAnnotatedType().filterMethods(async::test)
                    .forEach(m -> m.add(AsyncObserver.Literal.INSTANCE));
        }
    }

    void collect(@Observes ProcessObserverMethod<Inbound, ?> event, BeanManager beans) {
        ObserverDeclaration declaration = event instanceof ProcessSyntheticObserverMethod
                ? ObserverDeclaration.ofSynthetic(event.getObserverMethod())
                : ObserverDeclaration.of(event.getAnnotatedMethod(), event.getObserverMethod(), beans);
        declaration.problem().ifPresent(problems::add);
        declaration.type().ifPresent(type ->
                observers.computeIfAbsent(type, t -> new ArrayList<>()).add(declaration.method()));
        if (!(event instanceof ProcessSyntheticObserverMethod) && declaration.type().isPresent()) {
            ObserverExecution execution = ObserverExecution.of(event.getAnnotatedMethod());
            execution.problem().ifPresent(problems::add);
            executions.merge(declaration.type().get(), execution, ObserverExecution::and);
            Set<String> roles = RolesAllowedAuthorizer.rolesAllowed(event.getAnnotatedMethod());
            if (roles != null) {
                restricted.add(declaration.type().get(), roles);
            }
        }
    }

    void discover(@Observes ProcessBean<?> event) {
        discovered.offer(event.getBean());
    }

    void report(@Observes AfterBeanDiscovery event) {
        for (String problem : problems) {
            event.addDefinitionError(new DefinitionException(problem));
        }
    }

    /**
     * How the observers of {@code type} run: {@link dev.channels.api.Execution#NON_BLOCKING} when every
     * one of them is (declared {@link NonBlocking}, or returns a {@code CompletionStage} and is not
     * {@link Blocking}), else blocking; a synthetic observer counts as blocking.
     */
    public dev.channels.api.Execution executionOf(String type) {
        ObserverExecution e = executions.get(type);
        return e == null || (observers.getOrDefault(type, List.of()).size() != e.count())
                ? dev.channels.api.Execution.BLOCKING : e.execution();
    }

    /** Whether an observer of {@code type} returns a {@code CompletionStage}: its reply comes when the stage completes. */
    public boolean isAsync(String type) {
        ObserverExecution e = executions.get(type);
        return e != null && e.async();
    }

    /** The message types that have at least one observer, sorted. */
    public Set<String> messageTypes() {
        return Collections.unmodifiableSet(new TreeSet<>(observers.keySet()));
    }

    /** Message type -> the roles each {@code @RolesAllowed} observer of it allows. */
    public Map<String, List<Set<String>>> rolesAllowed() {
        return restricted.rolesByType();
    }

    /** The application's beans of the single-bean SPIs, as discovery reported them. */
    public DiscoveredBeans discoveredBeans() {
        return discovered;
    }

    /** The observer methods of {@code type}, described as {@code Class.method(Params)}. */
    public List<String> observersOf(String type) {
        return List.copyOf(observers.getOrDefault(type, List.of()));
    }
}
