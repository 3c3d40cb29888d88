package dev.channels.api.codec;

import dev.channels.api.Envelope;
import jakarta.websocket.Encoder;

/**
 * Jakarta WebSocket text encoder for either kind of {@link Envelope}.
 *
 * @since 0.1.0
 */
public class EnvelopeEncoder implements Encoder.Text<Envelope> {

    @Override
    public String encode(Envelope envelope) {
        return EnvelopeCodec.encode(envelope);
    }
}
