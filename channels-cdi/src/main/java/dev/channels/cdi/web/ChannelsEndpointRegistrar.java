package dev.channels.cdi.web;

import dev.channels.cdi.internal.ChannelsRuntime;
import dev.channels.cdi.internal.ChannelsSettings;
import dev.channels.server.ChannelServer;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;

/**
 * Registers the application's channel endpoint, {@code {base}/{channelId}}, with the container's
 * {@link ServerContainer} while the web application starts (the only time the Jakarta WebSocket
 * API allows it). The endpoint's collaborators come from CDI: the server is the application's
 * {@link ChannelServer} bean, whose handlers fire the application's observers.
 *
 * <p>The base path is {@code channels.base-path} from MicroProfile Config, else the context
 * parameter of that name, else the system property, else the server's default ({@code /ws}).
 * Context parameter {@code channels.endpoint.enabled=false} turns the registration off, for an
 * application that registers {@code ChannelServer.endpointConfig()} itself.
 *
 * @since 0.1.0
 */
public class ChannelsEndpointRegistrar implements ServletContextListener {

    /** Context parameter that turns the automatic registration off when {@code false}. */
    public static final String ENABLED = "channels.endpoint.enabled";

    private static final System.Logger LOG = System.getLogger(ChannelsEndpointRegistrar.class.getName());

    static boolean enabled(ServletContext context) {
        return !"false".equalsIgnoreCase(context.getInitParameter(ENABLED));
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Object attribute = context.getAttribute(ServerContainer.class.getName());
        if (!(attribute instanceof ServerContainer container)) {
            throw new IllegalStateException("channels-cdi: this container offers no Jakarta WebSocket ServerContainer "
                    + "(attribute " + ServerContainer.class.getName() + "); set context parameter " + ENABLED
                    + "=false to run without the channel endpoint");
        }
        ChannelServer server = CDI.current().select(ChannelsRuntime.class).get().server();
        String basePath = ChannelsSettings.basePath(context::getInitParameter).orElse(server.options().basePath());
        ServerEndpointConfig config = RebasedEndpointConfig.of(server.endpointConfig(), server.options().basePath(), basePath);
        java.util.Optional<ServerEndpointConfig> sessions = server.sessionEndpointConfig()
                .map(c -> RebasedEndpointConfig.atPath(c, basePath.isEmpty() ? "/" : basePath));
        try {
            container.addEndpoint(config);
            if (sessions.isPresent()) { // sessions at {base}, with the same configurator (checks, limits)
                container.addEndpoint(sessions.get());
            }
        } catch (DeploymentException e) {
            throw new IllegalStateException("channels-cdi: could not register the channel endpoint at "
                    + config.getPath() + ": " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "channel endpoint registered at {0}{1}", context.getContextPath(), config.getPath());
    }
}
