package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules helper: globs, operations, roles, authenticated, members only, deny, unmatched. */
class ChannelRulesTest {

    private static final Identity ANON = Identity.ANONYMOUS;
    private static final Identity BOB = Identity.of("bob");
    private static final Identity ADMIN = Identity.of("ada", "admin");

    private static boolean allowed(ChannelAuthorizer a, Identity who, String channel, ChannelOperation op, boolean member) {
        return a.authorize(new AuthorizationRequest(who, channel, op, member)).allowed();
    }

    @Test
    void globsMatchWholeNamesWithStarAndQuestionMarkAndEverythingElseLiterally() {
        assertThat(ChannelRules.glob("private-*").matcher("private-1").matches()).isTrue();
        assertThat(ChannelRules.glob("private-*").matcher("xprivate-1").matches()).isFalse();
        assertThat(ChannelRules.glob("room-?").matcher("room-7").matches()).isTrue();
        assertThat(ChannelRules.glob("room-?").matcher("room-77").matches()).isFalse();
        assertThat(ChannelRules.glob("a.b").matcher("axb").matches()).as("a dot is literal").isFalse();
        assertThat(ChannelRules.glob("*").matcher("").matches()).isTrue();
    }

    @Test
    void authenticatedRuleGovernsEveryOperationOfItsChannelsOnly() {
        ChannelRules rules = ChannelRules.builder().on("private-*").authenticated().build();
        for (ChannelOperation op : new ChannelOperation[] {ChannelOperation.JOIN, ChannelOperation.publish("x"),
                ChannelOperation.PRESENCE, ChannelOperation.HISTORY}) {
            assertThat(allowed(rules, ANON, "private-1", op, true)).as(op.toString()).isFalse();
            assertThat(allowed(rules, BOB, "private-1", op, true)).as(op.toString()).isTrue();
            assertThat(allowed(rules, ANON, "public", op, true)).as(op.toString()).isTrue();
        }
        assertThat(rules.authorize(new AuthorizationRequest(ANON, "private-1", ChannelOperation.JOIN, false)).denial())
                .hasValueSatisfying(r -> assertThat(r).contains("authenticated"));
    }

    @Test
    void everyMatchingRuleMustHoldAndRolesAreCollected() {
        ChannelRules rules = ChannelRules.builder()
                .on("admin-*").anyRole("admin", "root")
                .on("*").publish("delete").anyRole("moderator")
                .on("*").presence().history().membersOnly()
                .build();
        assertThat(rules.roles()).containsExactlyInAnyOrder("admin", "root", "moderator");
        assertThat(allowed(rules, ADMIN, "admin-1", ChannelOperation.JOIN, false)).isTrue();
        assertThat(allowed(rules, BOB, "admin-1", ChannelOperation.JOIN, false)).isFalse();
        assertThat(allowed(rules, ADMIN, "admin-1", ChannelOperation.publish("delete"), true)).as("needs moderator too").isFalse();
        assertThat(allowed(rules, Identity.of("m", "admin", "moderator"), "admin-1", ChannelOperation.publish("delete"), true)).isTrue();
        assertThat(allowed(rules, BOB, "room", ChannelOperation.publish("chat"), true)).isTrue();
        assertThat(allowed(rules, BOB, "room", ChannelOperation.HISTORY, false)).isFalse();
        assertThat(allowed(rules, BOB, "room", ChannelOperation.HISTORY, true)).isTrue();
        assertThat(allowed(rules, BOB, "room", ChannelOperation.PRESENCE, false)).isFalse();
    }

    @Test
    void denyAndDenyUnmatched() {
        ChannelRules rules = ChannelRules.builder().on("open-*").on("locked").deny().denyUnmatched().build();
        assertThat(allowed(rules, ANON, "open-1", ChannelOperation.JOIN, false)).isTrue();
        assertThat(allowed(rules, ADMIN, "locked", ChannelOperation.JOIN, false)).isFalse();
        assertThat(allowed(rules, ADMIN, "other", ChannelOperation.JOIN, false)).isFalse();
        assertThat(allowed(ChannelRules.builder().build(), ANON, "any", ChannelOperation.HISTORY, true)).isTrue();
    }

    @Test
    void identityAndCookieHelpers() {
        assertThat(Identity.of("")).isSameAs(Identity.ANONYMOUS);
        assertThat(ADMIN.hasRole("admin")).isTrue();
        Handshake h = new Handshake("c", java.util.Map.of("Cookie", java.util.List.of("a=1; token=\"abc\"; b=2")),
                java.util.Map.of(), null);
        assertThat(h.cookie("token")).contains("abc");
        assertThat(h.cookie("b")).contains("2");
        assertThat(h.cookie("zz")).isEmpty();
        assertThat(h.principalIdentity()).isSameAs(Identity.ANONYMOUS);
    }
}
