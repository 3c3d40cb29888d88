package dev.channels.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.channels.cdi.se.ChannelsSe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** The extension's rules for {@code Inbound} observers, checked with Weld SE and no server. */
class DeclarationRulesTest {

    @Test
    void collects_the_type_of_every_observer_at_deployment() {
        try (WeldContainer container = weld(ChatHandlers.class, MoreChatHandlers.class).initialize()) {
            ChannelsExtension extension = container.select(ChannelsExtension.class).get();
            assertThat(extension.messageTypes()).containsExactly("chat", "ping");
            assertThat(extension.observersOf("chat")).containsExactlyInAnyOrder(
                    ChatHandlers.class.getName() + ".onChat(Inbound)",
                    MoreChatHandlers.class.getName() + ".audit(Inbound)");
        }
    }

    @Test
    void an_empty_type_fails_the_deployment_naming_the_method_and_the_fix() {
        assertThat(deploymentProblems(EmptyType.class)).singleElement().asString()
                .contains(EmptyType.class.getName() + ".onNothing(Inbound)")
                .contains("empty message type @MessageType(\"\")")
                .contains("Fix: name the type");
    }

    @Test
    void a_blank_type_fails_the_deployment() {
        assertThat(deploymentProblems(BlankType.class)).singleElement().asString()
                .contains(BlankType.class.getName() + ".onBlank(Inbound)")
                .contains("empty message type");
    }

    @Test
    void two_message_type_qualifiers_fail_the_deployment_naming_both_types() {
        assertThat(deploymentProblems(TwoTypes.class)).singleElement().asString()
                .contains(TwoTypes.class.getName() + ".onEither(Inbound)")
                .contains("declares 2 @MessageType qualifiers (\"a\", \"b\")")
                .contains("Fix: write one observer method per type");
    }

    @Test
    void an_observer_without_message_type_fails_the_deployment() {
        assertThat(deploymentProblems(Untyped.class)).singleElement().asString()
                .contains(Untyped.class.getName() + ".onAnything(Inbound)")
                .contains("without @MessageType")
                .contains("Fix: add exactly one @MessageType");
    }

    @Test
    void another_qualifier_beside_message_type_fails_the_deployment() {
        assertThat(deploymentProblems(ExtraQualifier.class)).singleElement().asString()
                .contains(ExtraQualifier.class.getName() + ".onUrgent(Inbound)")
                .contains("@Urgent besides @MessageType")
                .contains("Fix: remove it");
    }

    @Test
    void an_async_observer_fails_the_deployment() {
        assertThat(deploymentProblems(AsyncObserver.class)).singleElement().asString()
                .contains(AsyncObserver.class.getName() + ".onLater(Inbound)")
                .contains("@ObservesAsync")
                .contains("Fix: use @Observes");
    }

    @Test
    void every_broken_observer_is_reported_at_once() {
        assertThat(deploymentProblems(EmptyType.class, TwoTypes.class, ChatHandlers.class))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("onNothing"))
                .anySatisfy(p -> assertThat(p).contains("onEither"));
    }

    @Test
    void a_reserved_type_fails_the_deployment() {
        assertThat(deploymentProblems(ReservedType.class)).singleElement().asString()
                .contains(ReservedType.class.getName() + ".onJoin(Inbound)")
                .contains("reserved message type \"join.success\"");
    }

    @Test
    void the_standalone_bootstrap_fails_with_the_same_message() {
        Throwable failure = catchThrowable(() -> ChannelsSe.builder().port(0).disableDiscovery()
                .beanClasses(TwoTypes.class).start().close());
        assertThat(failure).isInstanceOf(DefinitionException.class);
        List<String> problems = new ArrayList<>();
        collect(failure, problems);
        assertThat(problems).singleElement().asString()
                .contains(TwoTypes.class.getName() + ".onEither(Inbound)")
                .contains("Fix: write one observer method per type");
    }

    static Weld weld(Class<?>... beans) {
        return new Weld().disableDiscovery().addExtension(new ChannelsExtension()).addBeanClasses(beans);
    }

    /** The distinct "Observer method ..." problems the failed deployment reported. */
    private static List<String> deploymentProblems(Class<?>... beans) {
        Throwable failure = catchThrowable(() -> weld(beans).initialize().close());
        assertThat(failure).as("deployment should fail").isNotNull();
        List<String> problems = new ArrayList<>();
        collect(failure, problems);
        return problems;
    }

    private static void collect(Throwable t, List<String> into) {
        if (t == null) {
            return;
        }
        String m = t.getMessage();
        if (m != null) {
            for (String line : m.split("\n")) {
                int at = line.indexOf("Observer method ");
                if (at >= 0 && !into.contains(line.substring(at).trim())) {
                    into.add(line.substring(at).trim());
                }
            }
        }
        for (Throwable s : t.getSuppressed()) {
            collect(s, into);
        }
        if (t.getCause() != t) {
            collect(t.getCause(), into);
        }
    }

    @ApplicationScoped
    static class ChatHandlers {
        void onChat(@Observes @MessageType("chat") Inbound msg) {
        }

        void onPing(@Observes @MessageType("ping") Inbound msg) {
        }
    }

    @ApplicationScoped
    static class MoreChatHandlers {
        void audit(@Observes @MessageType("chat") Inbound msg) {
        }
    }

    @ApplicationScoped
    static class EmptyType {
        void onNothing(@Observes @MessageType("") Inbound msg) {
        }
    }

    @ApplicationScoped
    static class BlankType {
        void onBlank(@Observes @MessageType("  ") Inbound msg) {
        }
    }

    @ApplicationScoped
    static class TwoTypes {
        void onEither(@Observes @MessageType("a") @MessageType("b") Inbound msg) {
        }
    }

    @ApplicationScoped
    static class ReservedType {
        void onJoin(@Observes @MessageType("join.success") Inbound msg) {
        }
    }

    @ApplicationScoped
    static class Untyped {
        void onAnything(@Observes Inbound msg) {
        }
    }

    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.TYPE, ElementType.METHOD})
    @interface Urgent {
    }

    @ApplicationScoped
    static class ExtraQualifier {
        void onUrgent(@Observes @MessageType("chat") @Urgent Inbound msg) {
        }
    }

    @ApplicationScoped
    static class AsyncObserver {
        void onLater(@ObservesAsync @MessageType("chat") Inbound msg) {
        }
    }
}
