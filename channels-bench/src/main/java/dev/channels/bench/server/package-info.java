/**
 * The server side of the benchmark: one Tyrus server process hosting the channels server under test,
 * the raw Jakarta WebSocket "ceiling" endpoints it is compared with, and a small admin endpoint
 * the driver uses to read heap, threads and registry sizes.
 */
package dev.channels.bench.server;
