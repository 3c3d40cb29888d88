package dev.channels.api.middleware;

import dev.channels.api.Handler;
import dev.channels.api.Middleware;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * The Java form of the seed's panic-recovery middleware: whatever the handler throws, short of a
 * {@link VirtualMachineError} such as {@link OutOfMemoryError}, ends up as an exception for the
 * server's error handler (and so as an error reply to the sender), never as a dead connection.
 * Every failure that is not an {@link Exception} is logged with its stack trace.
 *
 * @since 0.1.0
 */
public final class RecoveryMiddleware implements Middleware {

    private final Logger logger;

    private RecoveryMiddleware(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    /** Recovery that logs to the {@code dev.channels.recovery} logger. */
    public static RecoveryMiddleware create() {
        return new RecoveryMiddleware(System.getLogger("dev.channels.recovery"));
    }

    /** Recovery that logs to {@code logger}. */
    public static RecoveryMiddleware withLogger(Logger logger) {
        return new RecoveryMiddleware(logger);
    }

    @Override
    public Handler wrap(Handler next) {
        return (ctx, msg) -> {
            try {
                return next.handle(ctx, msg);
            } catch (Exception e) {
                throw e;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                logger.log(Level.ERROR, "handler for '" + msg.type() + "' from client " + ctx.clientId()
                        + " in channel " + ctx.channelId() + " panicked", t);
                throw new HandlerPanicException(t);
            }
        };
    }
}
