package dev.channels.server.engine;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes an engine from a URI, for setting {@code channels.engine.uri}
 * ({@link dev.channels.server.ServerOptions#engineUri()}): the server core cannot name the cluster
 * engines (they depend on it), so each provides a factory for its URI schemes as a service
 * ({@code provides dev.channels.server.engine.ChannelEngineFactory with ...} and
 * {@code META-INF/services}); channels-redis serves {@code redis} and {@code rediss}. The value
 * {@code memory} (the default) is the {@link InMemoryEngine} and needs no factory.
 *
 * <p>Factories are found with {@link ServiceLoader}, on the module path (this module {@code uses} the
 * service) or with the thread's context class loader (a web application's own libraries). Implementations
 * must be stateless and thread-safe.
 *
 * @since 0.1.0
 */
public interface ChannelEngineFactory {

    /** The value of {@code channels.engine.uri} for the in-memory engine, the default. */
    String MEMORY = "memory";

    /** The URI schemes this factory makes engines for, lower case (e.g. {@code redis}, {@code rediss}). */
    Set<String> schemes();

    /**
     * A new, unstarted engine for {@code uri} (the server starts and closes it). The factory documents the
     * URI's form and query parameters.
     *
     * @throws IllegalArgumentException when the URI cannot be used
     */
    ChannelEngine create(URI uri);

    /**
     * A new, unstarted engine for {@code uri}: {@link InMemoryEngine} for {@link #MEMORY}, else the one a
     * factory of the URI's scheme makes.
     *
     * @throws IllegalArgumentException when the URI has no scheme or no factory serves it (the message
     *         lists the schemes there are), or the factory refuses it
     */
    static ChannelEngine create(String uri) {
        if (isMemory(uri)) {
            return InMemoryEngine.create();
        }
        URI parsed = checkUri(uri);
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        Set<String> known = new TreeSet<>();
        for (ChannelEngineFactory factory : factories()) {
            if (factory.schemes().contains(scheme)) {
                return factory.create(parsed);
            }
            known.addAll(factory.schemes());
        }
        throw new IllegalArgumentException("no engine for '" + scheme + ":' URIs: add the module that provides it (channels-redis for "
                + "redis:// and rediss://); engines found: " + (known.isEmpty() ? "none but memory" : "memory, " + known));
    }

    /**
     * Checks the form of an engine URI ({@link #MEMORY} or {@code scheme:...}) without looking a factory up.
     *
     * @return the parsed URI, or null for {@link #MEMORY}
     * @throws IllegalArgumentException when it is neither
     */
    static URI checkUri(String uri) {
        if (isMemory(uri)) {
            return null;
        }
        try {
            URI parsed = URI.create(uri.trim());
            if (parsed.getScheme() == null) {
                throw new IllegalArgumentException("no scheme");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("engine URI must be memory or like redis://host:6379, not '" + uri + "'", e);
        }
    }

    /** Whether {@code uri} means the in-memory engine ({@link #MEMORY}, {@code memory:} or blank). */
    static boolean isMemory(String uri) {
        String u = uri.trim().toLowerCase(Locale.ROOT);
        return u.isEmpty() || u.equals(MEMORY) || u.equals(MEMORY + ":");
    }

    private static List<ChannelEngineFactory> factories() {
        List<ChannelEngineFactory> all = new ArrayList<>();
        ServiceLoader.load(ChannelEngineFactory.class).forEach(all::add);
        if (all.isEmpty()) { // the module layer's, when the context class loader sees none
            ServiceLoader.load(ChannelEngineFactory.class.getModule().getLayer() != null
                    ? ChannelEngineFactory.class.getModule().getLayer() : ModuleLayer.boot(), ChannelEngineFactory.class)
                    .forEach(all::add);
        }
        return all;
    }
}
