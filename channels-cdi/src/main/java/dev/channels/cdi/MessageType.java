package dev.channels.cdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Selects the message type an {@link Inbound} observer handles: the CDI form of the seed's
 * {@code RegisterDirectHandler(type, fn)} / {@code RegisterChannelHandler(type, fn)}.
 *
 * <p>Accepted declarations, in any bean (the observer's other parameters are injection points):
 * <pre>{@code
 * void onChat(@Observes @MessageType("chat") Inbound msg)
 * void onChat(@Observes @MessageType("chat") Inbound msg, ChatRepository repository)
 * }</pre>
 * The deployment fails, naming the method and the fix, when an {@code Inbound} observer
 * <ul>
 *   <li>has no {@code @MessageType}, or more than one (the annotation is repeatable only so that
 *       this mistake compiles and can be reported clearly);</li>
 *   <li>has an empty or blank type;</li>
 *   <li>has another qualifier besides {@code @MessageType} (the library fires {@code Inbound} with
 *       {@code @MessageType} alone, so such an observer would never run);</li>
 *   <li>is asynchronous ({@code @ObservesAsync}): a reply must be set before the handler returns.</li>
 * </ul>
 * Several observers of the same type all run, in {@code @Priority} order; at most one may reply.
 *
 * @since 0.1.0
 */
@Qualifier
@Documented
@Repeatable(MessageType.List.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface MessageType {

    /** The message type, exactly as in the envelope's {@code type} key. */
    String value();

    /** The container of repeated {@code @MessageType}; declaring it is always a deployment error. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
    @interface List {
        /** The repeated qualifiers. */
        MessageType[] value();
    }

    /** An instance of {@code @MessageType(value)}, for {@code Event.select(...)}. */
    final class Literal extends AnnotationLiteral<MessageType> implements MessageType {

        private static final long serialVersionUID = 1L;

        private final String value;

        private Literal(String value) {
            this.value = Objects.requireNonNull(value, "value");
        }

        /** {@code @MessageType(type)}. */
        public static Literal of(String type) {
            return new Literal(type);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
