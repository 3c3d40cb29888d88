package dev.channels.api.codec;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;

/**
 * What the library's text decoders share: a frame is parsed by {@link EnvelopeCodec} ({@link #parse}),
 * and a frame it refuses fails with a {@link DecodeException} that carries the raw text and, as cause,
 * the {@link MalformedFrameException}; every non-null frame is offered to {@link #decode}, so that a
 * malformed one fails there with a clear error. Stateless, so thread-safe. Each subclass names
 * {@code Decoder.Text} with its type again: a container reads the decoded type from the decoder
 * class's own interfaces.
 *
 * @param <T> what a frame decodes to
 */
abstract class TextFrameDecoder<T> implements Decoder.Text<T> {

    /** Parses one frame; the subclass names the {@link EnvelopeCodec} method. */
    abstract T parse(String text) throws MalformedFrameException;

    @Override
    public T decode(String text) throws DecodeException {
        try {
            return parse(text);
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
