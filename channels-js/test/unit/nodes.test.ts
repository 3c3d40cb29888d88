import { test, mock, afterEach } from "node:test";
import assert from "node:assert/strict";
import { ChannelClient } from "channels-js";
import { FakeSocket, flush } from "./fake-socket.js";

afterEach(() => mock.timers.reset());

const STREAM = (epoch: string, offset: number) => ({ "X-Channel-Epoch": [epoch], "X-Channel-Offset": [String(offset)] });

test("several nodes: a join tries the next when one refuses; a 1012 close moves to the next node at once, with recovery", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  FakeSocket.reset();
  const client = new ChannelClient(["ws://a/ws", "ws://b/ws/", "ws://c/ws"], { WebSocket: FakeSocket, sessions: false, random: () => 0.5 });
  try {
    const joining = client.join("room-1");
    await flush();
    assert.equal(FakeSocket.last().url, "ws://a/ws/room-1");
    FakeSocket.last().serverClose(1006, ""); // node a is down
    mock.timers.tick(0);
    assert.equal(FakeSocket.last().url, "ws://b/ws/room-1", "the next node, at once");
    FakeSocket.last().joinSuccess("c1", STREAM("e1", 7));
    const room = await joining;

    FakeSocket.last().serverClose(1012, "server restarting"); // node b drains
    assert.equal(room.state.state, "reconnecting");
    mock.timers.tick(0);
    const rejoin = FakeSocket.last();
    assert.equal(FakeSocket.instances.length, 3);
    assert.equal(rejoin.url.split("?")[0], "ws://c/ws/room-1", "no backoff: node c at once");
    assert.equal(rejoin.query().get("since"), "7");
    assert.equal(rejoin.query().get("epoch"), "e1");
    rejoin.joinSuccess("c2", { ...STREAM("e1", 9), "X-Channel-Recovered": ["true"] });
    assert.equal(room.state.state, "joined");
    assert.equal(room.state.recovered, true);
  } finally {
    client.close();
  }
});
