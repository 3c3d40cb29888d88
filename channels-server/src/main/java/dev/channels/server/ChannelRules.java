package dev.channels.server;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link ChannelAuthorizer} made of rules for the common cases, built fluently. Each rule names
 * channels by a glob ({@code *} any characters, {@code ?} one character; {@code "private-*"},
 * {@code "*"}), optionally the operations it governs (by default all of them; {@link RuleBuilder#publish(String...)}
 * may narrow publication to some message types), and what the identity needs: to be
 * {@linkplain RuleBuilder#authenticated() authenticated}, to have {@linkplain RuleBuilder#anyRole(String...) one of some roles},
 * to be a {@linkplain RuleBuilder#membersOnly() member} of the channel, or nothing at all
 * ({@linkplain RuleBuilder#deny() denied to everyone}).
 *
 * <p>Every rule that matches a request must be satisfied (so rules add up and their order does not
 * matter); a request no rule matches is allowed, or denied after {@link Builder#denyUnmatched()}.
 *
 * <pre>{@code
 * ChannelAuthorizer rules = ChannelRules.builder()
 *         .on("private-*").authenticated()                     // anonymous users: 403
 *         .on("admin-*").anyRole("admin")                      // every operation needs role admin
 *         .on("room-*").publish("chat.delete").anyRole("moderator")
 *         .on("*").presence().history().membersOnly()
 *         .build();
 * }</pre>
 *
 * Immutable once built, thread-safe.
 *
 * @since 0.1.0
 */
public final class ChannelRules implements ChannelAuthorizer {

    private final List<Rule> rules;
    private final boolean denyUnmatched;
    private final Set<String> roles;

    private ChannelRules(List<Rule> rules, boolean denyUnmatched) {
        this.rules = List.copyOf(rules);
        this.denyUnmatched = denyUnmatched;
        Set<String> all = new LinkedHashSet<>();
        rules.forEach(r -> all.addAll(r.anyRole));
        this.roles = Set.copyOf(all);
    }

    /** A new, empty set of rules. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public AuthorizationDecision authorize(AuthorizationRequest request) {
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.matches(request)) {
                matched = true;
                String denial = rule.denial(request);
                if (denial != null) {
                    return AuthorizationDecision.deny(denial);
                }
            }
        }
        return matched || !denyUnmatched ? AuthorizationDecision.allow()
                : AuthorizationDecision.deny("not allowed: " + request.operation());
    }

    /** Every role a rule requires: the server asks the container about these at the handshake. */
    @Override
    public Set<String> roles() {
        return roles;
    }

    @Override
    public String toString() {
        return "ChannelRules" + rules + (denyUnmatched ? " else deny" : " else allow");
    }

    /** A glob as a regular expression: {@code *} any characters, {@code ?} one, everything else literal. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** One rule, immutable. */
    private record Rule(String glob, Pattern channels, Set<ChannelOperation.Kind> kinds, Set<String> publishTypes,
                        boolean authenticated, Set<String> anyRole, boolean membersOnly, boolean denyAll) {

        boolean matches(AuthorizationRequest request) {
            ChannelOperation op = request.operation();
            if (!kinds.contains(op.kind())) {
                return false;
            }
            if (op.kind() == ChannelOperation.Kind.PUBLISH && !publishTypes.isEmpty()
                    && !publishTypes.contains(op.messageType())) {
                return false;
            }
            return channels.matcher(request.channelId()).matches();
        }

        /** Why {@code request} fails this rule, or null. */
        String denial(AuthorizationRequest request) {
            Identity who = request.identity();
            if (denyAll) {
                return request.operation() + " is not allowed in " + glob;
            }
            if (authenticated && who.isAnonymous()) {
                return request.operation() + " needs an authenticated user";
            }
            if (!anyRole.isEmpty() && !who.hasAnyRole(anyRole)) {
                return request.operation() + " needs one of the roles " + anyRole;
            }
            if (membersOnly && !request.member() && request.operation().kind() != ChannelOperation.Kind.JOIN) {
                return request.operation() + " is for members of the channel only";
            }
            return null;
        }

        @Override
        public String toString() {
            return glob + " " + kinds + (publishTypes.isEmpty() ? "" : " types " + publishTypes)
                    + (denyAll ? " deny" : "") + (authenticated ? " authenticated" : "")
                    + (anyRole.isEmpty() ? "" : " anyRole " + anyRole) + (membersOnly ? " membersOnly" : "");
        }
    }

    /**
     * Builds {@link ChannelRules}: {@link #on} starts each rule. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final List<RuleBuilder> rules = new ArrayList<>();
        private boolean denyUnmatched;

        private Builder() {
        }

        /** Starts a rule for the channels {@code channelGlob} matches ({@code *} any characters, {@code ?} one). */
        public RuleBuilder on(String channelGlob) {
            RuleBuilder rule = new RuleBuilder(this, Objects.requireNonNull(channelGlob, "channelGlob"));
            rules.add(rule);
            return rule;
        }

        /** Denies what no rule matches (by default it is allowed). */
        public Builder denyUnmatched() {
            this.denyUnmatched = true;
            return this;
        }

        /** The rules. */
        public ChannelRules build() {
            return new ChannelRules(rules.stream().map(RuleBuilder::rule).toList(), denyUnmatched);
        }
    }

    /**
     * One rule being built: which operations it governs (all, unless some are named), and what the
     * identity needs. {@link #on} and {@link #build} go on with the set of rules.
     *
     * @since 0.1.0
     */
    public static final class RuleBuilder {
        private final Builder parent;
        private final String glob;
        private final Set<ChannelOperation.Kind> kinds = EnumSet.noneOf(ChannelOperation.Kind.class);
        private final Set<String> publishTypes = new LinkedHashSet<>();
        private final Set<String> anyRole = new LinkedHashSet<>();
        private boolean authenticated;
        private boolean membersOnly;
        private boolean denyAll;

        private RuleBuilder(Builder parent, String glob) {
            this.parent = parent;
            this.glob = glob;
        }

        /** This rule governs joining. */
        public RuleBuilder join() {
            kinds.add(ChannelOperation.Kind.JOIN);
            return this;
        }

        /** This rule governs publishing messages of {@code types}, or of every type when none is given. */
        public RuleBuilder publish(String... types) {
            kinds.add(ChannelOperation.Kind.PUBLISH);
            publishTypes.addAll(List.of(types));
            return this;
        }

        /** This rule governs reading presence ({@code get.info}). */
        public RuleBuilder presence() {
            kinds.add(ChannelOperation.Kind.PRESENCE);
            return this;
        }

        /** This rule governs reading history ({@code get.history}). */
        public RuleBuilder history() {
            kinds.add(ChannelOperation.Kind.HISTORY);
            return this;
        }

        /** The identity must not be anonymous. */
        public RuleBuilder authenticated() {
            this.authenticated = true;
            return this;
        }

        /** The identity must have at least one of {@code roles} (implies authenticated). */
        public RuleBuilder anyRole(String... roles) {
            if (roles.length == 0) {
                throw new IllegalArgumentException("name at least one role");
            }
            anyRole.addAll(List.of(roles));
            return this;
        }

        /** The identity must be a member of the channel (for presence, history and publication; joining is not governed). */
        public RuleBuilder membersOnly() {
            this.membersOnly = true;
            return this;
        }

        /** Nobody may do what this rule governs. */
        public RuleBuilder deny() {
            this.denyAll = true;
            return this;
        }

        /** Ends this rule and starts the next. */
        public RuleBuilder on(String channelGlob) {
            return parent.on(channelGlob);
        }

        /** Ends this rule; what no rule matches is denied. */
        public Builder denyUnmatched() {
            return parent.denyUnmatched();
        }

        /** Ends this rule and builds the set. */
        public ChannelRules build() {
            return parent.build();
        }

        private Rule rule() {
            Set<ChannelOperation.Kind> governed = kinds.isEmpty() ? EnumSet.allOf(ChannelOperation.Kind.class) : kinds;
            return new Rule(glob, glob(glob), Set.copyOf(governed), Set.copyOf(publishTypes), authenticated,
                    Set.copyOf(anyRole), membersOnly, denyAll);
        }
    }
}
