/**
 * The cluster benchmark (issue 13, "Measure"): a real {@code redis-server}, two bench server JVMs on the
 * Redis engine and one on the in-memory engine, fan-out to members split across the two nodes compared with
 * the single node in the same run, and Redis memory per retained message. Entry point {@link ClusterBench}.
 */
package dev.channels.bench.cluster;
