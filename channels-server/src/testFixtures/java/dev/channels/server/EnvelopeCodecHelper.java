package dev.channels.server;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;

/** Frames that a misbehaving or answering client would send. */
final class EnvelopeCodecHelper {

    private EnvelopeCodecHelper() {
    }

    /** A message claiming another channel and another client. */
    static String forged(String type, String channelId, String clientId) {
        return EnvelopeCodec.encode(Message.create(type, channelId).withClientId(clientId).withRawBody("\"forged\""));
    }

    /** A reply carrying {@code correlationId}. */
    static String reply(String type, String correlationId, String bodyJson) {
        return EnvelopeCodec.encode(Message.create(type).withCorrelationId(correlationId).withRawBody(bodyJson));
    }
}
