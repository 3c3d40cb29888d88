package dev.channels.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerContextTest {

    private static final Principal ALICE = () -> "alice";

    @Test
    void carriesTheConnectionsIdsHandshakeAndPrincipal() {
        HandlerContext ctx = HandlerContext.of("client-1", "room", Map.of("Authorization", List.of("Bearer x")),
                Map.of("token", List.of("t1", "t2")), ALICE);

        assertThat(ctx.clientId()).isEqualTo("client-1");
        assertThat(ctx.channelId()).isEqualTo("room");
        assertThat(ctx.headers()).containsOnlyKeys("Authorization");
        assertThat(ctx.queryParameters()).containsEntry("token", List.of("t1", "t2"));
        assertThat(ctx.queryParameter("token")).contains("t1");
        assertThat(ctx.queryParameter("Token")).isEmpty();
        assertThat(ctx.userPrincipal()).contains(ALICE);
        assertThat(ctx.deadline()).isEmpty();
        assertThat(ctx.remaining()).isEmpty();
        assertThat(ctx.isCancelled()).isFalse();
        assertThat(ctx.toString()).contains("client-1").contains("room");
    }

    @Test
    void idsOnlyContextHasEmptyHandshake() {
        HandlerContext ctx = HandlerContext.of(null, null);

        assertThat(ctx.clientId()).isEmpty();
        assertThat(ctx.channelId()).isEmpty();
        assertThat(ctx.headers()).isEmpty();
        assertThat(ctx.queryParameters()).isEmpty();
        assertThat(ctx.userPrincipal()).isEmpty();
    }

    @Test
    void headersAreMatchedCaseInsensitivelyAndCopied() {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("X-Api-Key", new ArrayList<>(List.of("k1", "k2")));
        headers.put("X-Empty", List.of());
        HandlerContext ctx = HandlerContext.of("c", "ch", headers, Map.of(), null);
        headers.get("X-Api-Key").set(0, "changed");

        assertThat(ctx.header("x-api-key")).contains("k1");
        assertThat(ctx.header("X-API-KEY")).contains("k1");
        assertThat(ctx.header("X-Empty")).isEmpty();
        assertThat(ctx.header("missing")).isEmpty();
        assertThatThrownBy(() -> ctx.headers().put("a", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ctx.queryParameters().put("a", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aDeadlineInThePastMeansCancelled() {
        HandlerContext ctx = HandlerContext.of("c", "ch").withDeadline(Instant.now().minusSeconds(1));

        assertThat(ctx.isCancelled()).isTrue();
        assertThat(ctx.remaining()).hasValueSatisfying(d -> assertThat(d).isNegative());
    }

    @Test
    void aDeadlineInTheFutureIsVisibleAndNotYetCancelled() {
        Instant deadline = Instant.now().plusSeconds(60);
        HandlerContext ctx = HandlerContext.of("c", "ch").withDeadline(deadline);

        assertThat(ctx.deadline()).contains(deadline);
        assertThat(ctx.remaining()).hasValueSatisfying(d ->
                assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60)));
        assertThat(ctx.isCancelled()).isFalse();
    }

    @Test
    void aChildDeadlineIsTheEarlierOfParentAndChild() {
        Instant early = Instant.now().plusSeconds(10);
        Instant late = Instant.now().plusSeconds(100);

        assertThat(HandlerContext.of("c", "ch").withDeadline(early).withDeadline(late).deadline()).contains(early);
        assertThat(HandlerContext.of("c", "ch").withDeadline(late).withDeadline(early).deadline()).contains(early);
    }

    @Test
    void cancellingAParentCancelsItsDescendantsButNotTheOtherWayRound() {
        HandlerContext root = HandlerContext.of("c", "ch");
        HandlerContext child = root.withValue("k", "v");
        HandlerContext grandChild = child.withDeadline(Instant.now().plusSeconds(60));
        HandlerContext sibling = root.withValue("k", "w");

        grandChild.cancel();
        assertThat(grandChild.isCancelled()).isTrue();
        assertThat(child.isCancelled()).isFalse();
        assertThat(root.isCancelled()).isFalse();

        root.cancel();
        assertThat(root.isCancelled()).isTrue();
        assertThat(child.isCancelled()).isTrue();
        assertThat(sibling.isCancelled()).isTrue();
    }

    @Test
    void childrenKeepTheConnectionData() {
        HandlerContext root = HandlerContext.of("c", "ch", Map.of("H", List.of("v")), Map.of("q", List.of("1")), ALICE);

        HandlerContext child = root.withValue("k", 1).withDeadline(Instant.now().plusSeconds(5));

        assertThat(child.clientId()).isEqualTo("c");
        assertThat(child.channelId()).isEqualTo("ch");
        assertThat(child.header("h")).contains("v");
        assertThat(child.queryParameter("q")).contains("1");
        assertThat(child.userPrincipal()).contains(ALICE);
    }

    @Test
    void valuesAreSeenByDescendantsOnlyAndTyped() {
        HandlerContext root = HandlerContext.of("c", "ch");
        HandlerContext withUser = root.withValue("user", "alice");
        HandlerContext withBoth = withUser.withValue(Integer.class, 42).withDeadline(Instant.now().plusSeconds(5));
        HandlerContext shadowed = withBoth.withValue("user", "bob");

        assertThat(root.value("user", String.class)).isEmpty();
        assertThat(withUser.value("user", String.class)).contains("alice");
        assertThat(withBoth.value("user", String.class)).contains("alice");
        assertThat(withBoth.value(Integer.class, Integer.class)).contains(42);
        assertThat(withBoth.value("user", Integer.class)).isEmpty();
        assertThat(shadowed.value("user", String.class)).contains("bob");
        assertThat(withBoth.value("user", String.class)).contains("alice");
        assertThat(shadowed.value("missing", Object.class)).isEmpty();
    }
}
