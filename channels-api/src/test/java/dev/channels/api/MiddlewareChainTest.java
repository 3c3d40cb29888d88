package dev.channels.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MiddlewareChainTest {

    private final List<String> calls = new ArrayList<>();
    private final HandlerContext ctx = HandlerContext.of("c", "ch");
    private final Message msg = Message.create("t", "ch");

    private Middleware recording(String name) {
        return next -> (c, m) -> {
            calls.add("enter " + name);
            try {
                return next.handle(c, m);
            } finally {
                calls.add("exit " + name);
            }
        };
    }

    private final Handler handler = (c, m) -> {
        calls.add("handler");
        return Optional.of(m.newFrom("reply"));
    };

    @Test
    void firstRegisteredRunsOutermost() throws Exception {
        Optional<Message> reply = MiddlewareChain.of(recording("a"), recording("b"), recording("c"))
                .wrap(handler).handle(ctx, msg);

        assertThat(reply).hasValueSatisfying(r -> assertThat(r.type()).isEqualTo("reply"));
        assertThat(calls).containsExactly("enter a", "enter b", "enter c", "handler", "exit c", "exit b", "exit a");
    }

    @Test
    void thenAppendsInnermostAndLeavesTheOriginalChain() throws Exception {
        MiddlewareChain ab = MiddlewareChain.empty().then(recording("a")).then(recording("b"));
        MiddlewareChain abc = ab.then(recording("c"));

        abc.wrap(handler).handle(ctx, msg);
        assertThat(calls).containsExactly("enter a", "enter b", "enter c", "handler", "exit c", "exit b", "exit a");
        assertThat(ab.middleware()).hasSize(2);
        assertThat(abc.middleware()).hasSize(3);
    }

    @Test
    void ofListIsTheSameAsVarargsAndCopied() throws Exception {
        List<Middleware> list = new ArrayList<>(List.of(recording("a"), recording("b")));
        MiddlewareChain chain = MiddlewareChain.of(list);
        list.add(recording("late"));

        chain.wrap(handler).handle(ctx, msg);
        assertThat(calls).containsExactly("enter a", "enter b", "handler", "exit b", "exit a");
        assertThatThrownBy(() -> chain.middleware().add(recording("x")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMiddlewareThatDoesNotCallNextShortCircuits() throws Exception {
        Middleware deny = next -> (c, m) -> {
            calls.add("deny");
            return m.noContent();
        };

        Optional<Message> reply = MiddlewareChain.of(recording("a"), deny, recording("c")).wrap(handler).handle(ctx, msg);

        assertThat(reply).isEmpty();
        assertThat(calls).containsExactly("enter a", "deny", "exit a");
    }

    @Test
    void failuresTravelOutThroughEveryMiddleware() {
        IllegalStateException boom = new IllegalStateException("boom");
        Handler failing = (c, m) -> {
            throw boom;
        };

        assertThatThrownBy(() -> MiddlewareChain.of(recording("a"), recording("b")).wrap(failing).handle(ctx, msg))
                .isSameAs(boom);
        assertThat(calls).containsExactly("enter a", "enter b", "exit b", "exit a");
    }

    @Test
    void middlewareSeesTheContextItsOuterMiddlewarePassed() throws Exception {
        Middleware tag = next -> (c, m) -> next.handle(c.withValue("tag", "outer"), m);
        Handler echoTag = (c, m) -> Optional.of(m.withBody(c.value("tag", String.class).orElse("none")));

        Optional<Message> reply = MiddlewareChain.of(tag).wrap(echoTag).handle(ctx, msg);

        assertThat(reply.orElseThrow().bind(String.class)).isEqualTo("outer");
    }

    @Test
    void theEmptyChainRunsTheHandlerAlone() throws Exception {
        assertThat(MiddlewareChain.empty().wrap(handler)).isSameAs(handler);
        assertThat(MiddlewareChain.empty().middleware()).isEmpty();
        assertThat(MiddlewareChain.of().wrap(handler).handle(ctx, msg)).isPresent();
    }

    @Test
    void nullsAreRejectedClearly() {
        assertThatThrownBy(() -> MiddlewareChain.empty().wrap(null)).hasMessageContaining("handler");
        assertThatThrownBy(() -> MiddlewareChain.empty().then(null)).hasMessageContaining("middleware");
        assertThatThrownBy(() -> MiddlewareChain.of(next -> null).wrap(handler))
                .hasMessageContaining("middleware returned null handler");
    }
}
