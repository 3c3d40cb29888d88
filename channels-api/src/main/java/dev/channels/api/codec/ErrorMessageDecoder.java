package dev.channels.api.codec;

import dev.channels.api.ErrorMessage;
import jakarta.websocket.Decoder;

/**
 * Jakarta WebSocket text decoder for {@link ErrorMessage}; accepts only frames of type {@code "error"}.
 *
 * @since 0.1.0
 */
public class ErrorMessageDecoder extends TextFrameDecoder<ErrorMessage> implements Decoder.Text<ErrorMessage> {

    @Override
    ErrorMessage parse(String text) throws MalformedFrameException {
        return EnvelopeCodec.decodeError(text);
    }

    /** Accepts only frames of type {@code "error"}. */
    @Override
    public boolean willDecode(String text) {
        try {
            return EnvelopeCodec.decode(text) instanceof ErrorMessage;
        } catch (MalformedFrameException e) {
            return false;
        }
    }
}
