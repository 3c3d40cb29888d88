/**
 * JMH micro-benchmarks of the hot paths: envelope encode/decode, broadcast encode-once and the
 * middleware chain. Run with {@code java -cp <bench class path> org.openjdk.jmh.Main} (see the
 * module README and {@code run-all.sh}).
 */
package dev.channels.bench.jmh;
