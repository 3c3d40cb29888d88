/**
 * The load driver: a separate JVM that opens many WebSocket connections with the JDK's non-blocking
 * {@code java.net.http} client, runs the workloads (fanout, request-reply, connections, churn)
 * against the channels server and the raw Tyrus ceiling, and prints one JSON line per run.
 * Entry point: {@link dev.channels.bench.driver.LoadDriver}.
 */
package dev.channels.bench.driver;
