package dev.channels.api.codec;

import dev.channels.api.ErrorMessage;
import jakarta.websocket.Encoder;

/**
 * Jakarta WebSocket text encoder for {@link ErrorMessage}; delegates to {@link EnvelopeCodec}.
 *
 * @since 0.1.0
 */
public class ErrorMessageEncoder implements Encoder.Text<ErrorMessage> {

    @Override
    public String encode(ErrorMessage message) {
        return EnvelopeCodec.encode(message);
    }
}
