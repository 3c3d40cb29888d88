package dev.channels.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * Event counts of one server, incremented on whichever thread sees the event (reading threads,
 * writer callbacks, the scheduler) and read by {@link ChannelServer#stats()}. Lock-free.
 */
final class ServerCounters {

    final LongAdder malformedFrames = new LongAdder();
    final LongAdder unknownTypes = new LongAdder();
    final LongAdder handlerFailures = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder rateLimitDisconnects = new LongAdder();
    /** Frames answered 429 because their connection's worker lane was full ({@link HandlerLanes}). */
    final LongAdder laneRejections = new LongAdder();
    final LongAdder slowReaderDisconnects = new LongAdder();
    final LongAdder refusedJoins = new LongAdder();
}
