package dev.channels.api.codec;

import dev.channels.api.Message;
import jakarta.websocket.Encoder;

/**
 * Jakarta WebSocket text encoder for {@link Message}; delegates to {@link EnvelopeCodec}.
 *
 * @since 0.1.0
 */
public class MessageEncoder implements Encoder.Text<Message> {

    @Override
    public String encode(Message message) {
        return EnvelopeCodec.encode(message);
    }
}
