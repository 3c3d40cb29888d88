package dev.channels.it.sample;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A programmatic endpoint, deployed only through {@link SampleServerApplicationConfig}: it answers
 * every text message with {@code "programmatic:" + text}. Its presence in a container shows that the
 * container scanned the WAR for {@code ServerApplicationConfig} implementations.
 *
 * <p>Threading: one instance per connection; the container calls the handler one message at a time.
 */
public class ProgrammaticEchoEndpoint extends Endpoint {

    /** The path, relative to the context root, at which {@link SampleServerApplicationConfig} deploys it. */
    public static final String PATH = "/programmatic";

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, new MessageHandler.Whole<String>() {
            @Override
            public void onMessage(String text) {
                try {
                    session.getBasicRemote().sendText("programmatic:" + text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }
}
