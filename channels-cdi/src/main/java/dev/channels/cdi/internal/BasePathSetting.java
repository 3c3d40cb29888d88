package dev.channels.cdi.internal;

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

    private BasePathSetting() {
    }

    /**
     * The configured base path, normalised ({@code "ws/"} -> {@code "/ws"}, {@code "/"} -> {@code ""}).
     *
     * @param contextParameters the servlet context's init parameters, or {@code name -> null} outside a container
     */
    public static Optional<String> resolve(UnaryOperator<String> contextParameters) {
        return ChannelsSettings.fromMicroProfileConfig(KEY)
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
}
