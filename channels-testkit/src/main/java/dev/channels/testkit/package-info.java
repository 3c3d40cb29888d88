/** Starting real components for tests and benchmarks: {@link dev.channels.testkit.RedisServerProcess}. */
package dev.channels.testkit;
