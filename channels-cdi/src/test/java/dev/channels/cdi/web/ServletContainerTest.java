package dev.channels.cdi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Message;
import dev.channels.cdi.ChannelsExtension;
import dev.channels.cdi.Inbound;
import dev.channels.cdi.MessageType;
import dev.channels.cdi.interceptor.Recover;
import dev.channels.cdi.testing.TestClient;
import dev.channels.server.ChannelServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The servlet path of a WAR, in a servlet container that is not Tyrus: Jetty 12 (its own Jakarta
 * WebSocket implementation) runs {@link ChannelsServletInitializer}, whose listener finds the server
 * through {@code CDI.current()} and registers it under the context parameter's base path. CDI here is
 * Weld SE started beside Jetty; an application server starts its own. (Discovery of the initializer
 * from {@code META-INF/services} is the container's job and is proven by the app-server issue.)
 */
class ServletContainerTest {

    private SeContainer cdi;
    private Server jetty;

    @BeforeEach
    void start() throws Exception {
        cdi = SeContainerInitializer.newInstance().disableDiscovery()
                .addExtensions(new ChannelsExtension()).addBeanClasses(Echo.class).initialize();
        jetty = new Server(0);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.setInitParameter("channels.base-path", "/chat");
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addServletContainerInitializer(new ChannelsServletInitializer());
        jetty.setHandler(context);
        jetty.start();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        cdi.close();
    }

    @Test
    void the_initializer_serves_the_cdi_server_under_the_configured_base_path() throws Exception {
        int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        URI room = URI.create("ws://localhost:" + port + "/app/chat/room-1");
        try (TestClient alice = TestClient.join(room); TestClient bob = TestClient.join(room)) {
            assertThat(cdi.select(ChannelServer.class).get().members("room-1"))
                    .containsExactlyInAnyOrder(alice.clientId(), bob.clientId());
            alice.send("echo", "through jetty");
            Message echo = alice.nextMessage();
            assertThat(echo.rawBody()).isEqualTo("\"through jetty\"");
            assertThat(echo.clientId()).isEqualTo(alice.clientId());
        }
    }

    /** A handler bean, intercepted as in any deployment. */
    @Recover
    @ApplicationScoped
    public static class Echo {
        void echo(@Observes @MessageType("echo") Inbound msg) {
            msg.reply("echo", msg.message().body());
        }
    }
}
