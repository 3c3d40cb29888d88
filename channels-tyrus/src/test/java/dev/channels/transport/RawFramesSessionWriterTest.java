package dev.channels.transport;

/**
 * Every {@link SessionWriterTest} again with raw frames on: on Tyrus 2.1 the writers hand Tyrus
 * pre-encoded frames (several queued ones joined in one write), and order, pings, closes, bounds,
 * slow readers and vanished peers behave the same.
 */
class RawFramesSessionWriterTest extends SessionWriterTest {

    @Override
    boolean rawFrames() {
        return true;
    }
}
