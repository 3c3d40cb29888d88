/**
 * The load driver: a separate JVM that opens many WebSocket connections with the JDK's non-blocking
 * {@code java.net.http} client, runs the workloads (fanout, request-reply, connections, churn)
 * against the channels server, the raw Tyrus ceiling, the Socket.IO 4 peer on Node and optionally a
 * baseline build of the channels server ({@link dev.channels.bench.driver.Target}), each server in its
 * own process, and prints one JSON line per run.
 * Entry point: {@link dev.channels.bench.driver.LoadDriver}.
 */
package dev.channels.bench.driver;
