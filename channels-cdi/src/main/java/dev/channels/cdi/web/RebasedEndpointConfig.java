package dev.channels.cdi.web;

import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * The server's endpoint configuration under another base path: the path is rewritten, everything
 * else (endpoint class, configurator, user properties...) is the server's. Immutable.
 */
final class RebasedEndpointConfig implements ServerEndpointConfig {

    private final ServerEndpointConfig delegate;
    private final String path;

    private RebasedEndpointConfig(ServerEndpointConfig delegate, String path) {
        this.delegate = delegate;
        this.path = path;
    }

    /** {@code config} with {@code fromBase} at the start of its path replaced by {@code toBase}. */
    static ServerEndpointConfig of(ServerEndpointConfig config, String fromBase, String toBase) {
        if (fromBase.equals(toBase)) {
            return config;
        }
        String original = config.getPath();
        if (!original.startsWith(fromBase + "/")) {
            throw new IllegalArgumentException("endpoint path " + original + " does not start with " + fromBase + "/");
        }
        return new RebasedEndpointConfig(config, toBase + original.substring(fromBase.length()));
    }

    /** {@code config} at {@code path} (the session endpoint, whose path is the base itself). */
    static ServerEndpointConfig atPath(ServerEndpointConfig config, String path) {
        return path.equals(config.getPath()) ? config : new RebasedEndpointConfig(config, path);
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public Class<?> getEndpointClass() {
        return delegate.getEndpointClass();
    }

    @Override
    public List<String> getSubprotocols() {
        return delegate.getSubprotocols();
    }

    @Override
    public List<Extension> getExtensions() {
        return delegate.getExtensions();
    }

    @Override
    public Configurator getConfigurator() {
        return delegate.getConfigurator();
    }

    @Override
    public List<Class<? extends Encoder>> getEncoders() {
        return delegate.getEncoders();
    }

    @Override
    public List<Class<? extends Decoder>> getDecoders() {
        return delegate.getDecoders();
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return delegate.getUserProperties();
    }
}
