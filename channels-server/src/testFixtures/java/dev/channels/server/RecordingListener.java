package dev.channels.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every hook call as "event:id". */
class RecordingListener implements ServerListener {

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onClientJoined(ClientInfo client) {
        events.add("joined:" + client.clientId());
    }

    @Override
    public void onClientLeft(ClientInfo client) {
        events.add("left:" + client.clientId());
    }

    @Override
    public void onChannelCreated(String channelId) {
        events.add("created:" + channelId);
    }

    @Override
    public void onChannelClosed(String channelId) {
        events.add("closed:" + channelId);
    }

    long count(String event) {
        return events.stream().filter(event::equals).count();
    }
}
