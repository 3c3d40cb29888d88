package dev.channels.cdi.internal;

import dev.channels.api.MessageTypes;
import dev.channels.cdi.MessageType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks one {@code Inbound} observer method against the rules of {@link MessageType} and yields
 * either its message type or a problem that names the method and the fix.
 *
 * @since 0.1.0
 */
public final class ObserverDeclaration {

    private static final String EXAMPLE = "void onChat(@Observes @MessageType(\"chat\") Inbound msg)";

    private final String method;
    private final String type;
    private final String problem;

    private ObserverDeclaration(String method, String type, String problem) {
        this.method = method;
        this.type = type;
        this.problem = problem;
    }

    /** Checks an observer declared by a bean method. */
    public static ObserverDeclaration of(AnnotatedMethod<?> annotated, ObserverMethod<?> observer, BeanManager beans) {
        String method = describe(annotated.getJavaMember());
        AnnotatedParameter<?> event = annotated.getParameters().stream()
                .filter(p -> p.isAnnotationPresent(Observes.class) || p.isAnnotationPresent(ObservesAsync.class))
                .findFirst().orElse(null);
        Collection<Annotation> qualifiers = new ArrayList<>();
        if (event != null) {
            for (Annotation a : event.getAnnotations()) {
                if (a instanceof MessageType.List list) {
                    qualifiers.addAll(List.of(list.value()));
                } else if (beans.isQualifier(a.annotationType())) {
                    qualifiers.add(a);
                }
            }
        } else {
            qualifiers.addAll(observer.getObservedQualifiers());
        }
        return check(method, qualifiers, observer.isAsync());
    }

    /** Checks an observer added by another extension, from its observed qualifiers. */
    public static ObserverDeclaration ofSynthetic(ObserverMethod<?> observer) {
        return check("synthetic observer " + observer + " of bean class " + observer.getBeanClass().getName(),
                observer.getObservedQualifiers(), observer.isAsync());
    }

    private static ObserverDeclaration check(String method, Collection<Annotation> qualifiers, boolean async) {
        List<MessageType> types = qualifiers.stream()
                .filter(MessageType.class::isInstance).map(MessageType.class::cast).collect(Collectors.toList());
        List<Annotation> others = qualifiers.stream()
                .filter(a -> !(a instanceof MessageType) && !(a instanceof Any)).collect(Collectors.toList());
        if (async) {
            return problem(method, "observes Inbound with @ObservesAsync, but a reply must be set before the "
                    + "handler returns. Fix: use @Observes; to reply later, inject the ChannelServer and send "
                    + "through it.");
        }
        if (types.isEmpty()) {
            return problem(method, "observes Inbound without @MessageType, so it would run for no message type or "
                    + "for all of them. Fix: add exactly one @MessageType qualifier, e.g. " + EXAMPLE
                    + "; to see every message, use an interceptor or a Middleware bean.");
        }
        if (types.size() > 1) {
            return problem(method, "declares " + types.size() + " @MessageType qualifiers (" + types.stream()
                    .map(t -> '"' + t.value() + '"').collect(Collectors.joining(", "))
                    + "), but an observer handles exactly one message type. Fix: write one observer method per "
                    + "type, e.g. " + EXAMPLE + ".");
        }
        if (!others.isEmpty()) {
            return problem(method, "declares qualifier " + others.stream().map(a -> "@" + a.annotationType()
                    .getSimpleName()).collect(Collectors.joining(", ")) + " besides @MessageType, but inbound "
                    + "messages are fired with @MessageType alone, so it would never run. Fix: remove it.");
        }
        String type = types.get(0).value();
        if (type == null || type.isBlank()) {
            return problem(method, "declares an empty message type @MessageType(\"" + type + "\"). Fix: name the "
                    + "type exactly as clients send it in the envelope's \"type\" key, e.g. " + EXAMPLE + ".");
        }
        if (MessageTypes.isReserved(type)) {
            return problem(method, "observes reserved message type \"" + type + "\", which the protocol itself "
                    + "uses. Fix: choose another type name.");
        }
        return new ObserverDeclaration(method, type, null);
    }

    private static ObserverDeclaration problem(String method, String text) {
        return new ObserverDeclaration(method, null, "Observer method " + method + " " + text);
    }

    /** {@code com.example.Chat.onChat(Inbound, ChatRepository)}. */
    static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + "("
                + java.util.Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The method, described for messages. */
    public String method() {
        return method;
    }

    /** The message type, when the declaration is valid. */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /** What is wrong and how to fix it, when the declaration is invalid. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
