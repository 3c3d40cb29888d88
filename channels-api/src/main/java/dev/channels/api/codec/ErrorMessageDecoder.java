package dev.channels.api.codec;

import dev.channels.api.ErrorMessage;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;

/**
 * Jakarta WebSocket text decoder for {@link ErrorMessage}; accepts only frames of type {@code "error"}.
 *
 * @since 0.1.0
 */
public class ErrorMessageDecoder implements Decoder.Text<ErrorMessage> {

    @Override
    public ErrorMessage decode(String text) throws DecodeException {
        try {
            return EnvelopeCodec.decodeError(text);
        } catch (MalformedFrameException e) {
            throw new DecodeException(text, e.getMessage(), e);
        }
    }

    @Override
    public boolean willDecode(String text) {
        try {
            return EnvelopeCodec.decode(text) instanceof ErrorMessage;
        } catch (MalformedFrameException e) {
            return false;
        }
    }
}
