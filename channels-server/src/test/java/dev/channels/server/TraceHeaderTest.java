package dev.channels.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.api.Message;
import dev.channels.api.codec.EnvelopeCodec;
import org.junit.jupiter.api.Test;

/** The trace header of a publication is found and removed as the last header, and only there. */
class TraceHeaderTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void theLastHeaderIsFoundAndRemovedWhetherOrNotOtherHeadersPrecedeIt() {
        for (Message m : new Message[] {Message.create("chat", "room"), Message.create("chat", "room").withHeader("X-App", "1")}) {
            String traced = EnvelopeCodec.encode(m.withHeader(TraceHeader.NAME, TRACEPARENT));
            assertThat(TraceHeader.traceparent(traced)).isEqualTo(TRACEPARENT);
            assertThat(TraceHeader.strip(traced)).isEqualTo(EnvelopeCodec.encode(m));
        }
    }

    @Test
    void anythingElseIsLeftAsItIs() {
        String plain = EnvelopeCodec.encode(Message.create("chat", "room").withHeader("X-App", "1"));
        assertThat(TraceHeader.strip(plain)).isSameAs(plain);
        // the same characters inside a header value are escaped: not a header
        String inValue = EnvelopeCodec.encode(Message.create("chat", "room")
                .withHeader("X-App", "\"" + TraceHeader.NAME + "\":[\"" + TRACEPARENT));
        assertThat(TraceHeader.traceparent(inValue)).isNull();
        assertThat(TraceHeader.strip(inValue)).isSameAs(inValue);
        String notHex = EnvelopeCodec.encode(Message.create("chat", "room").withHeader(TraceHeader.NAME, TRACEPARENT.replace('a', 'z')));
        assertThat(TraceHeader.strip(notHex)).isSameAs(notHex);
    }
}
