package dev.channels.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an {@link Inbound} observer non-blocking ({@link dev.channels.api.Execution#NON_BLOCKING}):
 * on a runtime that reads frames on an event loop it runs on the thread that read its frame, so it
 * must never block (no JDBC, no remote call, no lock that may be held long). An observer that returns
 * a {@code CompletionStage} is non-blocking without it. A message type is non-blocking only when
 * every observer of it is.
 *
 * <pre>{@code
 * @NonBlocking
 * void onPing(@Observes @MessageType("ping") Inbound msg) {
 *     msg.reply("pong", msg.message().body());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NonBlocking {
}
