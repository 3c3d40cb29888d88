import { test } from "node:test";
import assert from "node:assert/strict";
import { ChannelClient } from "channels-js";
import { FakeSocket, flush } from "./fake-socket.js";
import { fakeClient, joinedRoom } from "./helpers.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("join opens {base}/{channel} with the query parameters and resolves on join.success", async () => {
  FakeSocket.reset();
  const client = fakeClient();
  let resolved = false;
  const joining = client.join("room-1", { params: { token: "t 1" } }).then((r) => (resolved = true, r));
  await flush();
  const socket = FakeSocket.last();
  assert.equal(socket.url, "ws://server/ws/room-1?token=t+1");
  assert.equal(resolved, false, "resolves only on join.success");
  socket.receive({ type: "chat", body: "early" });
  await flush();
  assert.equal(resolved, false);
  socket.joinSuccess("abc");
  const room = await joining;
  assert.equal(room.clientId, "abc");
  assert.equal(room.state.state, "joined");
});

test("publish sends the envelope with the wire's exact keys, clientID from join.success, body as JSON", async () => {
  const { room, socket } = await joinedRoom({ appId: "app", userId: "ann" });
  const sent = room.publish("chat", { text: "hi" }, { headers: { "X-Trace": ["1"] } });
  const [frame] = socket.frames();
  assert.deepEqual(Object.keys(frame).sort(), ["appId", "body", "channelId", "clientID", "correlationId",
    "expiration", "headers", "messageId", "timestamp", "type", "userId"]);
  assert.equal(frame.type, "chat");
  assert.equal(frame.channelId, "room-1");
  assert.equal(frame.clientID, "client-1");
  assert.equal(frame.correlationId, "");
  assert.equal(frame.appId, "app");
  assert.equal(frame.userId, "ann");
  assert.equal(frame.expiration, null);
  assert.deepEqual(frame.headers, { "X-Trace": ["1"] });
  assert.deepEqual(frame.body, { text: "hi" });
  assert.match(frame.messageId, UUID);
  assert.ok(Math.abs(Date.parse(frame.timestamp) - Date.now()) < 60_000);
  assert.match(frame.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.equal(sent.messageId, frame.messageId);
});

test("publish without a body sends null; every message gets a fresh messageId", async () => {
  const { room, socket } = await joinedRoom();
  room.publish("ping", undefined);
  room.publish("ping", undefined);
  const [a, b] = socket.frames();
  assert.equal(a.body, null);
  assert.notEqual(a.messageId, b.messageId);
});

test("listeners get the envelope of their type with the body parsed; the remover stops them", async () => {
  const { room, socket } = await joinedRoom();
  const got: unknown[] = [];
  const off = room.on<{ text: string }>("chat", (m) => got.push(m.body.text));
  room.on("other", () => got.push("wrong"));
  socket.receive({ type: "chat", clientID: "x", body: { text: "one" } });
  off();
  socket.receive({ type: "chat", clientID: "x", body: { text: "two" } });
  assert.deepEqual(got, ["one"]);
});

test("publish before the join completed or after leaving throws instead of dropping", async () => {
  FakeSocket.reset();
  const client = fakeClient();
  const joining = client.join("room-1");
  await flush();
  FakeSocket.last().joinSuccess();
  const room = await joining;
  room.leave();
  assert.throws(() => room.publish("chat", "x"), /not joined to room-1 \(state closed\)/);
  assert.equal(FakeSocket.last().closedWith?.code, 1000);
});

test("joining the same channel twice on one client is refused; another channel gets its own socket", async () => {
  const { client } = await joinedRoom();
  await assert.rejects(client.join("room-1"), /already in channel room-1/);
  const other = client.join("room-2");
  await flush();
  assert.equal(FakeSocket.instances.length, 2);
  assert.equal(FakeSocket.last().url, "ws://server/ws/room-2");
  FakeSocket.last().joinSuccess("c2");
  assert.equal((await other).clientId, "c2");
});

test("frames that are not a JSON object go to onError and nothing else breaks", async () => {
  const errors: string[] = [];
  const { room, socket } = await joinedRoom({ onError: (e) => errors.push(e.message) });
  const got: unknown[] = [];
  room.on("chat", (m) => got.push(m.body));
  socket.receive("not json");
  socket.receive("[1,2]");
  socket.receive({ type: "chat", body: 1 });
  assert.deepEqual(errors, ["frame is not JSON", "frame is not a JSON object"]);
  assert.deepEqual(got, [1]);
});

test("a listener that throws goes to onError; the other listeners still run", async () => {
  const errors: string[] = [];
  const { room, socket } = await joinedRoom({ onError: (e) => errors.push(e.message) });
  const got: unknown[] = [];
  room.on("chat", () => { throw new Error("listener broke"); });
  room.on("chat", (m) => got.push(m.body));
  socket.receive({ type: "chat", body: 2 });
  assert.deepEqual(errors, ["listener broke"]);
  assert.deepEqual(got, [2]);
});

test("without a WebSocket implementation the join fails and says what to pass", async () => {
  const saved = (globalThis as any).WebSocket;
  delete (globalThis as any).WebSocket;
  try {
    const client = new ChannelClient("ws://server/ws");
    await assert.rejects(client.join("room-1"), /pass options.WebSocket/);
  } finally {
    if (saved) (globalThis as any).WebSocket = saved;
  }
});
