/** Measurements of channel streams: heap per retained history message, and replay time of a recovery join. */
package dev.channels.bench.streams;
