package dev.channels.bench.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The run settings every micro-benchmark of the bench shares, so that the report's figures compare:
 * one state per benchmark, average time per operation in nanoseconds, 3 warm-up and 5 measured
 * iterations of 1 s, one fork. JMH reads these annotations through inheritance (its sample
 * "JMHSample_24_Inheritance"); a benchmark that reports in another unit declares its own
 * {@code @OutputTimeUnit}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class JmhSettings {
}
