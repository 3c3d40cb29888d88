package dev.channels.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.ErrorDetail;
import dev.channels.api.ErrorMessage;
import dev.channels.api.ErrorReplyException;
import dev.channels.api.Handler;
import dev.channels.api.Message;
import dev.channels.api.Middleware;
import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Observer methods as handlers, over real sockets: Weld SE plus the Tyrus standalone server. */
class ObserverHandlersTest {

    private static ChannelsSe channels;

    @BeforeAll
    static void start() {
        channels = ChannelsSe.builder().port(0).disableDiscovery()
                .beanClasses(ChatHandlers.class, Tally.class, PerMessage.class, Outer.class, Inner.class,
                        ProgrammaticHandlers.class, ExceptionText.class)
                .start();
    }

    @AfterAll
    static void stop() {
        channels.close();
    }

    @Test
    void a_direct_reply_goes_to_the_sender_only() throws Exception {
        try (TestClient alice = join("direct"); TestClient bob = join("direct")) {
            Message sent = alice.send("echo", "hello");
            Message reply = alice.nextMessage();
            assertThat(reply.type()).isEqualTo("echo");
            assertThat(reply.rawBody()).isEqualTo("\"hello\"");
            assertThat(reply.clientId()).isEqualTo(alice.clientId());
            assertThat(reply.correlationId()).isEqualTo(sent.correlationId());
            bob.send("echo", "ping");
            assertThat(bob.nextMessage().rawBody()).as("bob's own echo is the first thing bob gets").isEqualTo("\"ping\"");
        }
    }

    @Test
    void a_channel_reply_goes_to_every_member_sender_included_with_the_body_bound_to_a_type() throws Exception {
        try (TestClient alice = join("room"); TestClient bob = join("room"); TestClient other = join("elsewhere")) {
            alice.send("chat", new ChatLine("alice", "hi all"));
            for (TestClient member : List.of(alice, bob)) {
                Message line = member.nextMessage();
                assertThat(line.type()).isEqualTo("chat");
                assertThat(line.bind(ChatLine.class)).isEqualTo(new ChatLine("alice", "HI ALL"));
            }
            other.send("echo", "x");
            assertThat(other.nextMessage().type()).as("the other channel got no chat line").isEqualTo("echo");
        }
    }

    @Test
    void an_observer_failure_becomes_an_error_envelope_for_the_sender_and_the_connection_stays_open() throws Exception {
        try (TestClient alice = join("failing")) {
            alice.send("explode", "boom");
            ErrorMessage error = alice.nextError();
            assertThat(error.originType()).isEqualTo("explode");
            assertThat(error.originBody().toString()).isEqualTo("\"boom\"");
            assertThat(error.detail()).hasValueSatisfying(d -> {
                assertThat(d.errCode()).isEqualTo("500");
                assertThat(d.description()).isEqualTo("cannot explode boom");
            });
            alice.send("echo", "still here");
            assertThat(alice.nextMessage().rawBody()).isEqualTo("\"still here\"");
        }
    }

    @Test
    void a_checked_exception_reaches_the_error_handler_unwrapped() throws Exception {
        try (TestClient alice = join("checked")) {
            alice.send("checked", null);
            assertThat(alice.nextError().detail()).hasValueSatisfying(d ->
                    assertThat(d.description()).isEqualTo("disk on fire"));
        }
    }

    @Test
    void an_error_reply_exception_sends_its_own_detail() throws Exception {
        try (TestClient alice = join("refused")) {
            alice.send("refuse", null);
            assertThat(alice.nextError().detail()).contains(new ErrorDetail("nope", "not today", "403"));
        }
    }

    @Test
    void a_body_that_does_not_bind_becomes_an_error_envelope() throws Exception {
        try (TestClient alice = join("badbody")) {
            alice.send("chat", List.of(1, 2, 3));
            ErrorMessage error = alice.nextError();
            assertThat(error.originType()).isEqualTo("chat");
            assertThat(error.detail()).hasValueSatisfying(d -> {
                assertThat(d.errCode()).isEqualTo("400"); // the client's body, not a server error
                assertThat(d.description()).contains("'chat'");
            });
        }
    }

    @Test
    void a_type_without_observer_gets_a_404() throws Exception {
        try (TestClient alice = join("unknown")) {
            alice.send("nobody.listens", "?");
            alice.send("echo", "after");
            assertThat(alice.nextError().detail()).hasValueSatisfying(d -> assertThat(d.errCode()).isEqualTo("404"));
            assertThat(alice.nextMessage().rawBody()).isEqualTo("\"after\"");
        }
    }

    @Test
    void a_second_reply_is_refused_with_an_error_envelope() throws Exception {
        try (TestClient alice = join("twice")) {
            alice.send("twice", null);
            ErrorMessage error = alice.nextError(); // the misuse is logged under the id; no text to the client
            assertThat(error.detail()).hasValueSatisfying(d -> assertThat(d.errCode()).isEqualTo("500"));
            assertThat(error.headers()).containsKey(dev.channels.api.ChannelHeaders.ERROR_ID);
        }
    }

    @Test
    void other_observer_parameters_are_injected_and_request_scoped_beans_live_for_one_message() throws Exception {
        try (TestClient alice = join("count")) {
            alice.send("count", null);
            alice.send("count", null);
            assertThat(alice.nextMessage().bind(Counts.class)).isEqualTo(new Counts(1, 1));
            assertThat(alice.nextMessage().bind(Counts.class)).as("a new request-scoped bean per message")
                    .isEqualTo(new Counts(2, 1));
        }
    }

    @Test
    void middleware_beans_run_around_every_handler_in_priority_order() throws Exception {
        try (TestClient alice = join("mw")) {
            alice.send("echo", "x");
            assertThat(alice.nextMessage().headers().get("trace")).containsExactly("inner", "outer");
        }
    }

    @Test
    void middleware_beans_see_a_channel_reply_and_every_member_gets_what_they_made_of_it() throws Exception {
        try (TestClient alice = join("mw-room"); TestClient bob = join("mw-room"); TestClient other = join("mw-other")) {
            alice.send("chat", new ChatLine("alice", "traced"));
            for (TestClient member : List.of(alice, bob)) {
                Message line = member.nextMessage();
                assertThat(line.bind(ChatLine.class)).isEqualTo(new ChatLine("alice", "TRACED"));
                assertThat(line.headers().get("trace")).as("both middleware beans saw the channel reply")
                        .containsExactly("inner", "outer");
            }
            other.send("echo", "x");
            assertThat(other.nextMessage().type()).as("the other channel got no chat line").isEqualTo("echo");
        }
    }

    @Test
    void a_channel_reply_to_a_channel_that_does_not_exist_gets_the_sender_an_error() throws Exception {
        try (TestClient alice = join("lonely")) {
            alice.send("misroute", null);
            ErrorMessage error = alice.nextError();
            assertThat(error.originType()).isEqualTo("misroute");
            assertThat(error.detail()).hasValueSatisfying(d -> assertThat(d.description()).contains("nowhere"));
            alice.send("echo", "still here");
            assertThat(alice.nextMessage().rawBody()).isEqualTo("\"still here\"");
        }
    }

    @Test
    void handlers_registered_through_the_configuration_event_answer_too() throws Exception {
        try (TestClient alice = join("programmatic"); TestClient bob = join("programmatic")) {
            alice.send("shout", "hey");
            assertThat(alice.nextMessage().rawBody()).isEqualTo("\"HEY\"");
            assertThat(bob.nextMessage().rawBody()).isEqualTo("\"HEY\"");
        }
    }

    private static TestClient join(String channel) throws Exception {
        return TestClient.join(channels.channelUri(channel));
    }

    /** A typed body. */
    public record ChatLine(String author, String text) {
    }

    /** The observers under test. */
    /** These tests look at what reaches the error handler, so its text goes to the client (not the default). */
    @ApplicationScoped
    public static class ExceptionText {
        void configure(@jakarta.enterprise.event.Observes ChannelsConfiguration config) {
            config.errorHandler(dev.channels.api.ServerErrorHandler.WITH_EXCEPTION_TEXT);
        }
    }

    @ApplicationScoped
    public static class ChatHandlers {
        void echo(@Observes @MessageType("echo") Inbound msg) {
            msg.reply("echo", msg.message().body());
        }

        void chat(@Observes @MessageType("chat") Inbound msg) {
            ChatLine line = msg.bind(ChatLine.class);
            msg.replyToChannel("chat", new ChatLine(line.author(), line.text().toUpperCase()));
        }

        void misroute(@Observes @MessageType("misroute") Inbound msg) {
            msg.replyToChannel(msg.message().newFrom("lost").withChannelId("nowhere"));
        }

        void explode(@Observes @MessageType("explode") Inbound msg) {
            throw new IllegalArgumentException("cannot explode " + msg.bind(String.class));
        }

        void checked(@Observes @MessageType("checked") Inbound msg) throws IOException {
            throw new IOException("disk on fire");
        }

        void refuse(@Observes @MessageType("refuse") Inbound msg) {
            throw new ErrorReplyException(new ErrorDetail("nope", "not today", "403"));
        }

        void twice(@Observes @MessageType("twice") Inbound msg) {
            msg.reply("one", null);
            msg.reply("two", null);
        }

        void count(@Observes @MessageType("count") Inbound msg, Tally tally, PerMessage perMessage) {
            msg.reply("count", new Counts(tally.increment(), perMessage.increment()));
        }
    }

    /** The body of a count reply. */
    public record Counts(int total, int perMessage) {
    }

    /** Lives as long as the application. */
    @ApplicationScoped
    public static class Tally {
        private final AtomicInteger total = new AtomicInteger();

        int increment() {
            return total.incrementAndGet();
        }
    }

    /** Lives for one message. */
    @RequestScoped
    public static class PerMessage {
        private int hits;

        int increment() {
            return ++hits;
        }
    }

    /** Appends a name to header "trace" of the reply. */
    abstract static class Tracing implements Middleware {
        private final String name;

        Tracing(String name) {
            this.name = name;
        }

        @Override
        public Handler wrap(Handler next) {
            return (ctx, msg) -> next.handle(ctx, msg).map(reply -> {
                List<String> trace = new ArrayList<>(reply.headers().getOrDefault("trace", List.of()));
                trace.add(name);
                return reply.withHeader("trace", trace.toArray(new String[0]));
            });
        }
    }

    /** Runs outermost. */
    @ApplicationScoped
    @Priority(10)
    public static class Outer extends Tracing {
        public Outer() {
            super("outer");
        }
    }

    /** Runs inside {@link Outer}. */
    @ApplicationScoped
    @Priority(20)
    public static class Inner extends Tracing {
        public Inner() {
            super("inner");
        }
    }

    /** Registers a channel handler in code. */
    @ApplicationScoped
    public static class ProgrammaticHandlers {
        void configure(@Observes ChannelsConfiguration config) {
            config.channelHandler("shout", (ctx, msg) ->
                    Optional.of(msg.newFrom("shout").withBody(msg.bind(String.class).toUpperCase())));
        }
    }
}
