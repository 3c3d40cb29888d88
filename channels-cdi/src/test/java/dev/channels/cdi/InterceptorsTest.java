package dev.channels.cdi;

import static dev.channels.cdi.interceptor.InterceptorPriorities.LOGGING;
import static dev.channels.cdi.interceptor.InterceptorPriorities.METRICS;
import static dev.channels.cdi.interceptor.InterceptorPriorities.RECOVERY;
import static dev.channels.cdi.interceptor.InterceptorPriorities.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Message;
import dev.channels.api.Middleware;
import dev.channels.api.middleware.CountingMessageMetrics;
import dev.channels.api.middleware.MessageMetrics;
import dev.channels.cdi.interceptor.HandlerTimeout;
import dev.channels.cdi.interceptor.Logged;
import dev.channels.cdi.interceptor.Metered;
import dev.channels.cdi.interceptor.Recover;
import dev.channels.cdi.se.ChannelsSe;
import dev.channels.cdi.testing.TestClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The standard interceptors run in the documented order around observers, behave like their
 * middleware, and an interceptor can short-circuit. Probe interceptors sit between them and record
 * what each layer has done so far.
 */
class InterceptorsTest {

    private static final Logger PROBE_LOG = Logger.getLogger("probe.log");
    private static final AtomicInteger LOG_RECORDS = new AtomicInteger();
    private static final List<String> TRACE = new CopyOnWriteArrayList<>();
    private static final CountingMessageMetrics METRICS_RECORDED = new CountingMessageMetrics();
    private static final AtomicInteger GATED_CALLS = new AtomicInteger();
    /** Messages of each type received before the current test: the probes report what came since. */
    private static final Map<String, Long> RECEIVED_BEFORE = new ConcurrentHashMap<>();

    private static ChannelsSe channels;

    @BeforeAll
    static void start() {
        PROBE_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                LOG_RECORDS.incrementAndGet();
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        channels = ChannelsSe.builder().port(0).disableDiscovery()
                .beanClasses(ProbedHandlers.class, GatedHandlers.class, SlowHandlers.class, MetricsProducer.class,
                        Probe0.class, Probe1.class, Probe2.class, Probe3.class, Probe4.class, GateInterceptor.class)
                .start();
    }

    @AfterAll
    static void stop() {
        channels.close();
    }

    @BeforeEach
    void clear() {
        TRACE.clear();
        LOG_RECORDS.set(0);
        for (String type : List.of("probe", "panic")) {
            RECEIVED_BEFORE.put(type, METRICS_RECORDED.received(type));
        }
    }

    @Test
    void standard_interceptors_run_recovery_then_logging_then_metrics_then_timeout() throws Exception {
        try (TestClient alice = TestClient.join(channels.channelUri("order"))) {
            alice.send("probe", null);
            assertThat(alice.nextMessage().type()).isEqualTo("probed");
            assertThat(TRACE).containsExactly(
                    "P0 > deadline=false received=0 logs=0",   // outside recovery
                    "P1 > deadline=false received=0 logs=0",   // recovery -> P1 -> logging
                    "P2 > deadline=false received=0 logs=0",   // logging -> P2 -> metrics
                    "P3 > deadline=false received=1 logs=0",   // metrics -> P3 -> timeout
                    "P4 > deadline=true received=1 logs=0",    // timeout -> P4 -> observer
                    "observer deadline=true",
                    "P4 < ok logs=0",
                    "P3 < ok logs=0",
                    "P2 < ok logs=0",
                    "P1 < ok logs=1",                          // logging logged on the way out
                    "P0 < ok logs=1");
        }
    }

    @Test
    void recovery_turns_an_error_into_an_error_envelope_outside_the_other_interceptors() throws Exception {
        try (TestClient alice = TestClient.join(channels.channelUri("panic"))) {
            alice.send("panic", null);
            assertThat(alice.nextError().detail()).hasValueSatisfying(d -> {
                assertThat(d.errCode()).isEqualTo("500");
                assertThat(d.description()).doesNotContain("should not happen"); // logged, not sent
            });
            assertThat(TRACE).filteredOn(s -> s.contains("<")).containsExactly(
                    "P4 < AssertionError logs=0",
                    "P3 < AssertionError logs=0",
                    "P2 < AssertionError logs=0",
                    "P1 < AssertionError logs=1",
                    "P0 < HandlerPanicException logs=1");
            alice.send("probe", null);
            assertThat(alice.nextMessage().type()).as("the connection stays usable").isEqualTo("probed");
        }
    }

    @Test
    void metered_records_into_the_applications_message_metrics_bean() throws Exception {
        long before = METRICS_RECORDED.received("probe");
        try (TestClient alice = TestClient.join(channels.channelUri("metrics"))) {
            alice.send("probe", null);
            alice.nextMessage();
            alice.send("panic", null);
            alice.nextError();
        }
        assertThat(METRICS_RECORDED.received("probe")).isEqualTo(before + 1);
        assertThat(METRICS_RECORDED.failed("panic")).isPositive();
    }

    @Test
    void an_interceptor_can_short_circuit_with_its_own_reply() throws Exception {
        try (TestClient alice = TestClient.join(channels.channelUri("gate"))) {
            alice.send("gated", "let me in");
            assertThat(alice.nextMessage().type()).isEqualTo("gate.closed");
            assertThat(GATED_CALLS).as("the observer did not run").hasValue(0);
            alice.send("gated", "open sesame");
            assertThat(alice.nextMessage().type()).isEqualTo("gated.ok");
            assertThat(GATED_CALLS).hasValue(1);
        }
    }

    @Test
    void a_handler_past_its_timeout_gets_a_504_error_envelope() throws Exception {
        try (TestClient alice = TestClient.join(channels.channelUri("slow"))) {
            alice.send("slow", null);
            assertThat(alice.nextError().detail()).hasValueSatisfying(d -> {
                assertThat(d.errCode()).isEqualTo("504");
                assertThat(d.description()).contains("'slow'").contains("200 ms");
            });
            alice.send("probe", null);
            assertThat(alice.nextMessage().type()).isEqualTo("probed");
        }
    }

    // ------------------------------------------------------------------ beans

    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface Probed {
    }

    /** Observers with every standard interceptor and the probes in between. */
    @Probed
    @Recover
    @Logged(logger = "probe.log")
    @Metered
    @HandlerTimeout(millis = 5_000)
    @ApplicationScoped
    public static class ProbedHandlers {
        void probe(@Observes @MessageType("probe") Inbound msg) {
            TRACE.add("observer deadline=" + msg.context().deadline().isPresent());
            msg.reply("probed", null);
        }

        void panic(@Observes @MessageType("panic") Inbound msg) {
            throw new AssertionError("should not happen");
        }
    }

    /** The application's metrics recorder, which {@code @Metered} uses. */
    @ApplicationScoped
    public static class MetricsProducer {
        @Produces
        MessageMetrics metrics() {
            return METRICS_RECORDED;
        }
    }

    /** Records the state on entry and the outcome on exit. */
    abstract static class ProbeBase {
        private final String name;

        ProbeBase(String name) {
            this.name = name;
        }

        @AroundInvoke
        Object probe(InvocationContext ic) throws Exception {
            Inbound inbound = (Inbound) ic.getParameters()[0];
            TRACE.add(name + " > deadline=" + inbound.context().deadline().isPresent()
                    + " received=" + (METRICS_RECORDED.received(inbound.type()) - RECEIVED_BEFORE.getOrDefault(inbound.type(), 0L)) + " logs=" + LOG_RECORDS.get());
            try {
                Object result = ic.proceed();
                TRACE.add(name + " < ok logs=" + LOG_RECORDS.get());
                return result;
            } catch (Exception | Error e) {
                TRACE.add(name + " < " + e.getClass().getSimpleName() + " logs=" + LOG_RECORDS.get());
                throw e;
            }
        }
    }

    @Probed @Interceptor @Priority(RECOVERY - 10)
    public static class Probe0 extends ProbeBase {
        public Probe0() {
            super("P0");
        }
    }

    @Probed @Interceptor @Priority(LOGGING - 10)
    public static class Probe1 extends ProbeBase {
        public Probe1() {
            super("P1");
        }
    }

    @Probed @Interceptor @Priority(METRICS - 10)
    public static class Probe2 extends ProbeBase {
        public Probe2() {
            super("P2");
        }
    }

    @Probed @Interceptor @Priority(TIMEOUT - 10)
    public static class Probe3 extends ProbeBase {
        public Probe3() {
            super("P3");
        }
    }

    @Probed @Interceptor @Priority(TIMEOUT + 10)
    public static class Probe4 extends ProbeBase {
        public Probe4() {
            super("P4");
        }
    }

    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface Gated {
    }

    /** An application interceptor written with MiddlewareInvocation: lets only "open sesame" through. */
    @Gated @Interceptor @Priority(Interceptor.Priority.APPLICATION)
    public static class GateInterceptor {
        private final Middleware gate = next -> (ctx, msg) -> "\"open sesame\"".equals(msg.rawBody())
                ? next.handle(ctx, msg) : Optional.of(msg.newFrom("gate.closed"));

        @AroundInvoke
        Object around(InvocationContext ic) throws Exception {
            return MiddlewareInvocation.proceed(ic, gate);
        }
    }

    @ApplicationScoped
    public static class GatedHandlers {
        @Gated
        void gated(@Observes @MessageType("gated") Inbound msg) {
            GATED_CALLS.incrementAndGet();
            msg.reply(msg.message().newFrom("gated.ok"));
        }
    }

    @ApplicationScoped
    public static class SlowHandlers {
        @HandlerTimeout(millis = 200)
        void slow(@Observes @MessageType("slow") Inbound msg) throws InterruptedException {
            Thread.sleep(10_000);
            msg.reply(Message.create("too.late"));
        }
    }
}
