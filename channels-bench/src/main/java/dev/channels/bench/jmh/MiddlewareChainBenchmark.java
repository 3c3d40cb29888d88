package dev.channels.bench.jmh;

import dev.channels.api.Handler;
import dev.channels.api.HandlerContext;
import dev.channels.api.Message;
import dev.channels.api.Middleware;
import dev.channels.api.MiddlewareChain;
import dev.channels.api.middleware.RecoveryMiddleware;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cost of a {@link MiddlewareChain} of 0, 1 or 4 middleware around a trivial handler: invoking
 * a handler wrapped once ({@code invokePrewrapped}), and wrapping per message then invoking
 * ({@code wrapAndInvoke}, what a server pays if it wraps on every dispatch). The middleware are
 * pass-through ({@code pass}) or the standard {@link RecoveryMiddleware} ({@code recovery}).
 */
public class MiddlewareChainBenchmark extends JmhSettings {

    @Param({"0", "1", "4"})
    public int middleware;

    @Param({"pass", "recovery"})
    public String kind;

    private final Handler handler = (ctx, msg) -> Optional.of(msg);
    private MiddlewareChain chain;
    private Handler wrapped;
    private HandlerContext context;
    private Message message;

    @Setup
    public void setUp() {
        List<Middleware> list = new ArrayList<>();
        for (int i = 0; i < middleware; i++) {
            list.add("recovery".equals(kind) ? RecoveryMiddleware.create() : next -> next::handle);
        }
        chain = MiddlewareChain.of(list);
        wrapped = chain.wrap(handler);
        context = HandlerContext.of("client-1", "room-1");
        message = Message.create("chat", "room-1");
    }

    @Benchmark
    public Optional<Message> invokePrewrapped() throws Exception {
        return wrapped.handle(context, message);
    }

    @Benchmark
    public Optional<Message> wrapAndInvoke() throws Exception {
        return chain.wrap(handler).handle(context, message);
    }
}
