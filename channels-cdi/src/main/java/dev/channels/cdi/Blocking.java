package dev.channels.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an {@link Inbound} observer blocking ({@link dev.channels.api.Execution#BLOCKING}): on a
 * runtime that reads frames on an event loop it runs on the connection's worker lane (a worker or a
 * virtual thread). The default for an observer that returns {@code void} or a value; needed only to
 * move an observer that returns a {@code CompletionStage} (non-blocking by its signature) off the
 * event loop, e.g. because it blocks before it returns the stage. A message type is non-blocking only
 * when every observer of it is.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Blocking {
}
