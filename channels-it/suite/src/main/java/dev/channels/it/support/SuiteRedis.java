package dev.channels.it.support;

import dev.channels.testkit.RedisServerProcess;
import java.lang.System.Logger.Level;
import java.util.Optional;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.event.suite.AfterSuite;
import org.jboss.arquillian.test.spi.event.suite.BeforeSuite;

/**
 * The suite's engine switch: with system property {@value #ENGINE_PROPERTY}{@code =redis} (set by a
 * container module's Redis execution), a real {@code redis-server} runs for the whole suite, started
 * before Arquillian starts the application server and stopped after it stopped it; the
 * {@link SampleDeployment} then carries channels-redis with Lettuce and Netty and switches the engine
 * on through MicroProfile Config. Without the property nothing happens and the suite runs on the
 * in-memory engine.
 *
 * <p>An Arquillian extension ({@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}):
 * {@link #startRedis} observes {@code BeforeSuite} ahead of the container controller (higher
 * precedence), {@link #stopRedis} observes {@code AfterSuite} behind it. Threads: both run on the
 * thread that runs the suite; {@link #uri()} may be read from any thread ({@code running} is volatile).
 */
public final class SuiteRedis implements LoadableExtension {

    /** The test JVM's system property that selects the engine: {@code redis}, or absent for in-memory. */
    public static final String ENGINE_PROPERTY = "it.engine";

    private static final System.Logger LOG = System.getLogger(SuiteRedis.class.getName());
    private static volatile RedisServerProcess running;

    /** Whether this run asks for the Redis engine. */
    public static boolean wanted() {
        return "redis".equalsIgnoreCase(System.getProperty(ENGINE_PROPERTY, "").trim());
    }

    /** The running suite Redis's URI; empty on the in-memory engine (or before the suite started). */
    public static Optional<String> uri() {
        RedisServerProcess r = running;
        return r == null ? Optional.empty() : Optional.of(r.uri());
    }

    /** The running suite Redis. */
    public static RedisServerProcess server() {
        RedisServerProcess r = running;
        if (r == null) {
            throw new IllegalStateException("no suite Redis: run with -D" + ENGINE_PROPERTY + "=redis");
        }
        return r;
    }

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(SuiteRedis.Lifecycle.class);
    }

    /** The observer Arquillian instantiates (it needs a public no-argument constructor). */
    public static final class Lifecycle {

        /** Before the container controller (precedence 0) starts the server. */
        public void startRedis(@Observes(precedence = 1000) BeforeSuite event) {
            if (wanted() && running == null) {
                running = RedisServerProcess.start();
                LOG.log(Level.INFO, "suite Redis at {0}: the deployment runs on the Redis engine", running.uri());
            }
        }

        /** After the container controller stopped the server. */
        public void stopRedis(@Observes(precedence = -1000) AfterSuite event) {
            RedisServerProcess r = running;
            if (r != null) {
                running = null;
                r.close();
                LOG.log(Level.INFO, "suite Redis stopped");
            }
        }
    }
}
