package dev.channels.cdi.internal;

import dev.channels.server.ChannelsSetting;
import dev.channels.server.ServerOptions;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Where the CDI integration reads the server's settings outside the code (the one place: every
 * {@link ChannelsSetting}, by its {@code channels.*} name), each from the first source that has it:
 * MicroProfile Config (when its API is on the class path: read reflectively, no dependency), the
 * web application's context parameter (in a container, for the endpoint's base path), the system
 * property. A value that cannot be read fails the application's start with a message that names the
 * setting. Stateless.
 *
 * @since 0.1.0
 */
public final class ChannelsSettings {

    private static final System.Logger LOG = System.getLogger(ChannelsSettings.class.getName());

    private ChannelsSettings() {
    }

    /** The value of {@code key} from the first source that has it. */
    public static Optional<String> lookup(String key, UnaryOperator<String> contextParameters) {
        return fromMicroProfileConfig(key)
                .or(() -> Optional.ofNullable(contextParameters.apply(key)))
                .or(() -> Optional.ofNullable(System.getProperty(key)))
                .map(String::trim);
    }

    /** The settings' values as {@link ServerOptions.Builder#settings} reads them. */
    public static Function<String, String> source(UnaryOperator<String> contextParameters) {
        return key -> lookup(key, contextParameters).orElse(null);
    }

    /**
     * The base path {@code contextParameters} (or MicroProfile Config, or a system property) give, normalised
     * as the setting is ({@code "ws/"} is {@code "/ws"}, {@code "/"} the root); empty when none does.
     */
    public static Optional<String> basePath(UnaryOperator<String> contextParameters) {
        String key = ChannelsSetting.BASE_PATH.key();
        return lookup(key, contextParameters).filter(v -> !v.isEmpty())
                .map(v -> ServerOptions.builder().settings(Map.of(key, v)::get).build().basePath());
    }

    static Optional<String> fromMicroProfileConfig(String key) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider", false,
                    loader != null ? loader : ChannelsSettings.class.getClassLoader());
            Object config = provider.getMethod("getConfig").invoke(null);
            Method lookup = config.getClass().getMethod("getOptionalValue", String.class, Class.class);
            Object value = lookup.invoke(config, key, String.class);
            return value instanceof Optional<?> o ? o.map(String::valueOf) : Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "could not read " + key + " from MicroProfile Config; trying other sources", e);
            return Optional.empty();
        }
    }
}
