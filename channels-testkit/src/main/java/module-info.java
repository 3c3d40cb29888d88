/**
 * Test support shared by the project's tests, Arquillian suite and benchmarks: {@link
 * dev.channels.testkit.RedisServerProcess}, a real {@code redis-server} on a free port. Only
 * {@code java.base}; not published.
 */
module dev.channels.testkit {
    exports dev.channels.testkit;
}
