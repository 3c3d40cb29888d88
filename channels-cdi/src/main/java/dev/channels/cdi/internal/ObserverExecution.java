package dev.channels.cdi.internal;

import dev.channels.api.Execution;
import dev.channels.cdi.Blocking;
import dev.channels.cdi.NonBlocking;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * How the {@code Inbound} observers of one message type run, as their methods declare it (issue 23
 * item 1, after Quarkus WebSockets Next): a method that returns a {@link CompletionStage} is
 * non-blocking by its signature (and async: its reply comes when the stage completes); one that
 * returns anything else is blocking unless annotated {@link NonBlocking}; {@link Blocking} makes any
 * method blocking. A type is non-blocking when all its observers are. Immutable.
 *
 * @param execution what the observers together allow
 * @param async     whether one of them returns a stage
 * @param count     how many observers were merged
 * @param problemText a declaration error (both annotations), if any
 * @since 0.1.0
 */
public record ObserverExecution(Execution execution, boolean async, int count, String problemText) {

    /** What {@code method} declares. */
    public static ObserverExecution of(AnnotatedMethod<?> method) {
        boolean blocking = method.isAnnotationPresent(Blocking.class);
        boolean nonBlocking = method.isAnnotationPresent(NonBlocking.class);
        boolean stage = returnsStage(method.getJavaMember());
        String problem = blocking && nonBlocking ? "Observer method " + ObserverDeclaration.describe(method.getJavaMember())
                + " is annotated both @Blocking and @NonBlocking. Fix: keep one." : null;
        Execution execution = blocking ? Execution.BLOCKING
                : nonBlocking || stage ? Execution.NON_BLOCKING : Execution.BLOCKING;
        return new ObserverExecution(execution, stage, 1, problem);
    }

    /** Whether {@code method} returns a {@link CompletionStage} (or a subtype, e.g. {@code CompletableFuture}). */
    public static boolean returnsStage(Method method) {
        return CompletionStage.class.isAssignableFrom(method.getReturnType());
    }

    /** Both observers of one type: blocking if either is, async if either is. */
    public ObserverExecution and(ObserverExecution other) {
        return new ObserverExecution(execution == Execution.NON_BLOCKING && other.execution == Execution.NON_BLOCKING
                ? Execution.NON_BLOCKING : Execution.BLOCKING, async || other.async, count + other.count,
                problemText != null ? problemText : other.problemText);
    }

    /** The declaration error, if any. */
    public Optional<String> problem() {
        return Optional.ofNullable(problemText);
    }
}
