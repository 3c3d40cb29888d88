package dev.channels.api.codec;

import dev.channels.api.Envelope;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;

/**
 * Jakarta WebSocket text decoder for frames from a server: yields an {@link dev.channels.api.ErrorMessage}
 * for type {@code "error"}, a {@link dev.channels.api.Message} otherwise.
 *
 * @since 0.1.0
 */
public class EnvelopeDecoder implements Decoder.Text<Envelope> {

    @Override
    public Envelope decode(String text) throws DecodeException {
        try {
            return EnvelopeCodec.decode(text);
        } catch (MalformedFrameException e) {
            throw new DecodeException(text, e.getMessage(), e);
        }
    }

    @Override
    public boolean willDecode(String text) {
        return text != null;
    }
}
