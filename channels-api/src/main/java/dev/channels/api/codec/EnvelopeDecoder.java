package dev.channels.api.codec;

import dev.channels.api.Envelope;
import jakarta.websocket.Decoder;

/**
 * Jakarta WebSocket text decoder for frames from a server: yields an {@link dev.channels.api.ErrorMessage}
 * for type {@code "error"}, a {@link dev.channels.api.Message} otherwise.
 *
 * @since 0.1.0
 */
public class EnvelopeDecoder extends TextFrameDecoder<Envelope> implements Decoder.Text<Envelope> {

    @Override
    Envelope parse(String text) throws MalformedFrameException {
        return EnvelopeCodec.decode(text);
    }
}
