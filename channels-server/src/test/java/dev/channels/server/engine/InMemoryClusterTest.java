package dev.channels.server.engine;

/** The engine contract, peer tests included, on two nodes of one in-memory cluster. */
class InMemoryClusterTest extends ChannelEngineContract {

    private final InMemoryEngine.Cluster cluster = InMemoryEngine.cluster();

    @Override
    protected ChannelEngine newEngine() {
        return cluster.node();
    }

    @Override
    protected ChannelEngine newPeerEngine() {
        return cluster.node();
    }
}
