package dev.channels.client;

import dev.channels.transport.SessionWriter;
import dev.channels.transport.SessionWriterListener;
import dev.channels.transport.SessionWriterOptions;
import dev.channels.transport.TextAssembler;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;

/**
 * The programmatic {@code jakarta.websocket} endpoint of one {@link Link} (of a channel or a session): it installs the writer
 * and the text and pong handlers on open and reports the close. Runs on container threads; text
 * frames of one session arrive one at a time, in order, on its reader thread. The text handler is
 * partial so that the maximum message size is enforced here, in UTF-8 bytes, by a
 * {@link TextAssembler}: a bigger message closes the connection with 1009, as the server does.
 */
final class ConnectionEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(ConnectionEndpoint.class.getName());

    private final LinkOwner connection;
    private final Link link;
    private final SessionWriterOptions writerOptions;
    private final int maxMessageSize;

    ConnectionEndpoint(LinkOwner connection, Link link, SessionWriterOptions writerOptions, int maxMessageSize) {
        this.connection = connection;
        this.link = link;
        this.writerOptions = writerOptions;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxTextMessageBufferSize(maxMessageSize);
        link.opened(session, new SessionWriter(session, writerOptions, new SessionWriterListener() {
            @Override
            public void onFailure(SessionWriter writer, Throwable error) {
                LOG.log(Level.DEBUG, "send on " + connection.describe() + " failed", error);
            }
        }));
        TextAssembler text = new TextAssembler(maxMessageSize,
                message -> connection.onText(link, message), () -> connection.onTooBig(link));
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) text::accept);
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> link.ponged());
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        link.onClosed(reason);
        connection.linkClosed(link, reason);
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.log(Level.DEBUG, "error on " + connection.describe(), error);
    }
}
