package dev.channels.cdi.internal;

import dev.channels.api.Middleware;
import dev.channels.api.ServerErrorHandler;
import dev.channels.cdi.Broadcaster;
import dev.channels.cdi.ChannelsConfiguration;
import dev.channels.cdi.ChannelsExtension;
import dev.channels.server.ChannelAuthorizer;
import dev.channels.server.ChannelServer;
import dev.channels.server.HandshakeCheck;
import dev.channels.server.ServerOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * Owns the application's one {@link ChannelServer}: builds it when the application starts, makes
 * it (and the narrower {@link Broadcaster}) injectable, and drains and closes it when the application stops
 * ({@link ChannelServer#drainAndClose()}, over {@code channels.drain-window}),
 * while the application's beans can still observe the last lifecycle events.
 *
 * <p>Building: one direct handler per {@code @MessageType} that observers handle, whose reply takes
 * the route the observer chose (see {@link ObserverHandler}), the {@code Middleware} beans by {@code @Priority}, a
 * {@code ServerErrorHandler} / {@code HandshakeCheck} / {@code ChannelAuthorizer} bean when there is one
 * (an authorizer set through {@link ChannelsConfiguration} wins over the bean; the observers'
 * {@code @RolesAllowed} apply around either, see {@link RolesAllowedAuthorizer}), then whatever
 * observers of {@link ChannelsConfiguration} add, then the settings configured outside the code
 * ({@link ChannelsSettings}: every {@code channels.*} setting), which win over the code's. Threads: built on
 * the thread that starts the application; {@code server} is written once there (volatile) and read
 * by any thread afterwards.
 *
 * @since 0.1.0
 */
@ApplicationScoped
public class ChannelsRuntime {

    private static final System.Logger LOG = System.getLogger(ChannelsRuntime.class.getName());

    @Inject
    ChannelsExtension extension;
    @Inject
    InboundDispatcher dispatcher;
    @Inject
    Instance<Middleware> middleware;
    @Inject
    Instance<ServerErrorHandler> errorHandlers;
    @Inject
    Instance<HandshakeCheck> handshakeChecks;
    @Inject
    Instance<Object> beans; // the OpenTelemetry bean, when there is one (TracingBeans): the API is optional
    @Inject
    Instance<ChannelAuthorizer> authorizers;
    @Inject
    BeanManager beanManager;
    @Inject
    Event<ChannelsConfiguration> configuration;
    @Inject
    Event<Object> events;

    private volatile ChannelServer server;

    @PostConstruct
    void build() {
        ChannelServer.Builder builder = ChannelServer.builder();
        for (String type : extension.messageTypes()) {
            // how the observers run: blocking unless all are @NonBlocking or return a CompletionStage (issue 23 item 1)
            dev.channels.api.Execution execution = extension.executionOf(type);
            if (extension.isAsync(type)) {
                builder.asyncDirectHandler(type, new AsyncObserverHandler(type, dispatcher, execution));
            } else {
                ObserverHandler observers = new ObserverHandler(type, dispatcher);
                builder.directHandler(type, execution == dev.channels.api.Execution.NON_BLOCKING
                        ? dev.channels.api.Handler.nonBlocking(observers) : observers);
            }
        }
        MiddlewareBeans.ordered(middleware).forEach(builder::use);
        // through the extension: a lookup from this jar does not see the WAR's beans on every server (DiscoveredBeans)
        DiscoveredBeans discovered = extension.discoveredBeans();
        discovered.resolve(errorHandlers, ServerErrorHandler.class, beanManager).ifPresent(builder::errorHandler);
        discovered.resolve(handshakeChecks, HandshakeCheck.class, beanManager).ifPresent(builder::handshakeCheck);
        builder.tracing(TracingBeans.tracing(beans));
        ServerOptions.Builder settings = ServerOptions.builder();
        ChannelsConfiguration config = new ChannelsConfiguration(builder, extension.messageTypes(), settings);
        configuration.fire(config);
        // the application's authorizer (set in code, else a bean), with the observers' @RolesAllowed around it
        ChannelAuthorizer authorizer = config.authorizer()
                .or(() -> discovered.resolve(authorizers, ChannelAuthorizer.class, beanManager))
                .orElse(ChannelAuthorizer.ALLOW_ALL);
        builder.authorizer(RolesAllowedAuthorizer.around(authorizer, extension.rolesAllowed()));
        // the settings configured outside the code win over the code's
        ServerOptions options = settings.settings(ChannelsSettings.source(name -> null)).build();
        server = builder.options(options).listener(new LifecycleEvents(events)).build();
        LOG.log(Level.INFO, "channel server settings: {0}", options);
        String basePath = options.basePath();
        // In a WAR a context parameter can still move the endpoint (ChannelsEndpointRegistrar logs
        // where it is really registered); the server is built before the servlet context is known.
        LOG.log(Level.INFO, "channel server ready (base path {0} unless the web application sets "
                + "channels.base-path), observed message types {1}", basePath, extension.messageTypes());
    }

    /** Builds the server with the application, not on first use. */
    void startWithApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
        server();
    }

    /** Closes the server while the application's beans still observe lifecycle events. */
    void stopWithApplication(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        close();
    }

    @PreDestroy
    void close() {
        ChannelServer s = server;
        if (s != null && !s.isClosed()) {
            LOG.log(Level.INFO, "draining (up to {0}) and closing the channel server", s.options().drainWindow());
            s.drainAndClose(); // a rolling restart: members move to the other nodes gradually (channels.drain-window)
        }
    }

    /** The application's channel server. */
    public ChannelServer server() {
        ChannelServer s = server;
        if (s == null) {
            throw new IllegalStateException("the ChannelServer is being built: a bean that observes "
                    + "ChannelsConfiguration cannot inject it; inject Broadcaster or Instance<ChannelServer> instead");
        }
        return s;
    }

    @Produces
    @Dependent
    ChannelServer produceServer() {
        return server();
    }

    @Produces
    @ApplicationScoped
    Broadcaster produceBroadcaster() {
        return new ServerBroadcaster(this::server);
    }
}
