package dev.channels.api.codec;

import dev.channels.api.Message;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;

/**
 * Jakarta WebSocket text decoder for {@link Message}. A frame that is not a JSON object fails with
 * a {@link DecodeException} that carries the raw text and, as cause, the {@link MalformedFrameException}.
 *
 * @since 0.1.0
 */
public class MessageDecoder implements Decoder.Text<Message> {

    @Override
    public Message decode(String text) throws DecodeException {
        try {
            return EnvelopeCodec.decodeMessage(text);
        } catch (MalformedFrameException e) {
            throw new DecodeException(text, e.getMessage(), e);
        }
    }

    /** Accepts every frame, so that malformed ones reach {@link #decode} and fail with a clear error. */
    @Override
    public boolean willDecode(String text) {
        return text != null;
    }
}
