package dev.channels.api.codec;

import dev.channels.api.Message;
import jakarta.websocket.Decoder;

/**
 * Jakarta WebSocket text decoder for {@link Message}. A frame that is not a JSON object fails with
 * a {@link jakarta.websocket.DecodeException} that carries the raw text and, as cause, the {@link MalformedFrameException}.
 *
 * @since 0.1.0
 */
public class MessageDecoder extends TextFrameDecoder<Message> implements Decoder.Text<Message> {

    @Override
    Message parse(String text) throws MalformedFrameException {
        return EnvelopeCodec.decodeMessage(text);
    }
}
