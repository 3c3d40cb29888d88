package dev.channels.cdi.internal;

import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads setting {@code channels.base-path}, the path before {@code /{channelId}}, from the first
 * place that has it: MicroProfile Config (when its API is on the class path: read reflectively, no
 * dependency), the web application's context parameter (in a container), the system property.
 */
public final class BasePathSetting {

    /** The setting's name, the same in every source. */
    public static final String KEY = "channels.base-path";

    private static final System.Logger LOG = System.getLogger(BasePathSetting.class.getName());

    private BasePathSetting() {
    }

    /**
     * The configured base path, normalised ({@code "ws/"} -> {@code "/ws"}, {@code "/"} -> {@code ""}).
     *
     * @param contextParameters the servlet context's init parameters, or {@code name -> null} outside a container
     */
    public static Optional<String> resolve(UnaryOperator<String> contextParameters) {
        return fromMicroProfileConfig()
                .or(() -> Optional.ofNullable(contextParameters.apply(KEY)))
                .or(() -> Optional.ofNullable(System.getProperty(KEY)))
                .map(BasePathSetting::normalise);
    }

    /** Leading slash, no trailing slash, {@code ""} for the root. */
    public static String normalise(String path) {
        String p = path.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "";
        }
        return p.startsWith("/") ? p : "/" + p;
    }

    private static Optional<String> fromMicroProfileConfig() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider", false,
                    loader != null ? loader : BasePathSetting.class.getClassLoader());
            Object config = provider.getMethod("getConfig").invoke(null);
            Method lookup = config.getClass().getMethod("getOptionalValue", String.class, Class.class);
            Object value = lookup.invoke(config, KEY, String.class);
            return value instanceof Optional<?> o ? o.map(String::valueOf) : Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "could not read " + KEY + " from MicroProfile Config; trying other sources", e);
            return Optional.empty();
        }
    }
}
