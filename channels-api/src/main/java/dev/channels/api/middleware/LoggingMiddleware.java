package dev.channels.api.middleware;

import dev.channels.api.Handler;
import dev.channels.api.Message;
import dev.channels.api.Middleware;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Logs each handled message (the seed's logging middleware): its type, client, channel, how long
 * the handler took and whether it replied or failed. Messages matching the skipper are not logged.
 *
 * @since 0.1.0
 */
public final class LoggingMiddleware implements Middleware {

    private final Logger logger;
    private final Level level;
    private final Predicate<Message> skipper;

    private LoggingMiddleware(Logger logger, Level level, Predicate<Message> skipper) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.level = Objects.requireNonNull(level, "level");
        this.skipper = Objects.requireNonNull(skipper, "skipper");
    }

    /** Logs every message at INFO to the {@code dev.channels.messages} logger. */
    public static LoggingMiddleware create() {
        return new LoggingMiddleware(System.getLogger("dev.channels.messages"), Level.INFO, msg -> false);
    }

    /** Logs at {@code level} to {@code logger}, except messages that {@code skipper} matches. */
    public static LoggingMiddleware of(Logger logger, Level level, Predicate<Message> skipper) {
        return new LoggingMiddleware(logger, level, skipper);
    }

    @Override
    public Handler wrap(Handler next) {
        return (ctx, msg) -> {
            if (skipper.test(msg) || !logger.isLoggable(level)) {
                return next.handle(ctx, msg);
            }
            long start = System.nanoTime();
            try {
                Optional<Message> reply = next.handle(ctx, msg);
                logger.log(level, () -> String.format("handled '%s' from client %s in channel %s in %.3f ms: %s",
                        msg.type(), ctx.clientId(), ctx.channelId(), millisSince(start),
                        reply.map(r -> "replied '" + r.type() + "'").orElse("no reply")));
                return reply;
            } catch (Exception | Error e) {
                logger.log(level, () -> String.format("handled '%s' from client %s in channel %s in %.3f ms: failed: %s",
                        msg.type(), ctx.clientId(), ctx.channelId(), millisSince(start), e));
                throw e;
            }
        };
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000.0;
    }
}
