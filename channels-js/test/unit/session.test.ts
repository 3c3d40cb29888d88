import { test, mock, afterEach } from "node:test";
import assert from "node:assert/strict";
import { ChannelClient, ChannelError, type Room, type RoomState } from "channels-js";
import { FakeSocket, flush } from "./fake-socket.js";
import { fakeClient } from "./helpers.js";

// The session protocol (PROTOCOL.md "Sessions") on the fake socket: the test plays a session server.

afterEach(() => mock.timers.reset());

const STREAM = (epoch: string, offset: number, recovered?: boolean) => ({
  "X-Channel-Epoch": [epoch], "X-Channel-Offset": [String(offset)],
  ...(recovered === undefined ? {} : { "X-Channel-Recovered": [String(recovered)] }),
});

/** The client's frames of `type` on `socket`. */
const sent = (socket: FakeSocket, type: string) => socket.frames().filter((f) => f.type === type);

/** The server answers the channel.join of `channelId` with join.success carrying its correlationId. */
function joinSuccess(socket: FakeSocket, channelId: string, headers: Record<string, string[]> = {}): void {
  const join = sent(socket, "channel.join").filter((f) => f.channelId === channelId).at(-1);
  assert.ok(join, `a channel.join for ${channelId}`);
  socket.receive({ type: "join.success", channelId, clientID: "s1", correlationId: join.correlationId, headers, body: null });
}

/** A client whose session is ready, with rooms `ids` joined (the server's join.success given `headers` per room). */
async function sessionWith(ids: string[], headers: (id: string) => Record<string, string[]> = () => ({}), options = {}):
    Promise<{ socket: FakeSocket; rooms: Room[]; client: ReturnType<typeof fakeClient> }> {
  FakeSocket.reset();
  const client = fakeClient({ sessions: true, params: { token: "t 1" }, ...options });
  const joining = ids.map((id) => client.join(id, { params: { name: `n-${id}` } }));
  await flush();
  assert.equal(FakeSocket.instances.length, 1, "one socket for every room");
  const socket = FakeSocket.last();
  assert.equal(socket.url, "ws://server/ws?token=t+1", "the session at {base}, with the client's params");
  assert.equal(socket.sent.length, 0, "nothing before session.ready");
  socket.receive({ type: "session.ready", channelId: "", clientID: "s1", correlationId: "", headers: {}, body: null });
  ids.forEach((id) => joinSuccess(socket, id, headers(id)));
  return { socket, rooms: await Promise.all(joining), client };
}

test("rooms share one session: channel.join per room with its params and a correlationId, frames routed by channelId", async () => {
  const { socket, rooms: [a, b] } = await sessionWith(["room-a", "room-b"]);
  const joins = sent(socket, "channel.join");
  assert.deepEqual(joins.map((f) => [f.channelId, f.body]), [
    ["room-a", { params: { name: "n-room-a" } }],
    ["room-b", { params: { name: "n-room-b" } }],
  ]);
  assert.ok(joins.every((f) => f.correlationId) && joins[0].correlationId !== joins[1].correlationId);
  assert.deepEqual([a.state.state, b.state.state, a.clientId], ["joined", "joined", "s1"]);

  const atA: unknown[] = [];
  const atB: unknown[] = [];
  a.on("chat", (m) => atA.push(m.body));
  b.on("chat", (m) => atB.push(m.body));
  socket.receive({ type: "chat", channelId: "room-b", clientID: "x", correlationId: "", headers: {}, body: "to b" });
  socket.receive({ type: "chat", channelId: "room-a", clientID: "x", correlationId: "", headers: {}, body: "to a" });
  assert.deepEqual([atA, atB], [["to a"], ["to b"]]);

  b.publish("chat", "hi");
  assert.equal(sent(socket, "chat")[0].channelId, "room-b");
  const reply = a.request("echo", 1);
  const req = sent(socket, "echo")[0];
  assert.equal(req.channelId, "room-a");
  socket.receive({ type: "echo", channelId: "room-a", clientID: "s1", correlationId: req.correlationId, headers: {}, body: 1 });
  assert.equal((await reply).body, 1);
  assert.equal(FakeSocket.instances.length, 1);
});

test("a refused join rejects that room's join with the errCode; the session and its other rooms stay", async () => {
  const { socket, rooms: [a], client } = await sessionWith(["room-a"]);
  const refused = client.join("private-1");
  await flush();
  const join = sent(socket, "channel.join").at(-1);
  assert.equal(join.channelId, "private-1");
  socket.receive({ type: "error", channelId: "private-1", correlationId: join.correlationId, originType: "channel.join",
    errorBody: { title: "join refused", description: "forbidden", errCode: "403" } });
  await assert.rejects(refused, (e: unknown) => e instanceof ChannelError && e.detail.errCode === "403");
  assert.equal(client.room("private-1"), undefined);
  assert.equal(socket.closedWith, undefined, "the session stays open");
  assert.equal(a.state.state, "joined");
  a.publish("chat", "still here");
  assert.equal(sent(socket, "chat").length, 1);
});

test("leave sends channel.leave and resolves on leave.success; the last leave closes the session", async () => {
  const { socket, rooms: [a, b] } = await sessionWith(["room-a", "room-b"]);
  let left = false;
  const leaving = a.leave().then(() => (left = true));
  await flush();
  const leave = sent(socket, "channel.leave")[0];
  assert.equal(leave.channelId, "room-a");
  assert.ok(leave.correlationId);
  assert.equal(left, false, "not before leave.success");
  socket.receive({ type: "leave.success", channelId: "room-a", clientID: "s1", correlationId: leave.correlationId, headers: {}, body: null });
  await leaving;
  assert.deepEqual([a.state.state, b.state.state], ["closed", "joined"]);
  assert.equal(socket.closedWith, undefined, "room-b is still on the session");

  const bLeaving = b.leave();
  await flush();
  const leaveB = sent(socket, "channel.leave")[1];
  socket.receive({ type: "leave.success", channelId: "room-b", clientID: "s1", correlationId: leaveB.correlationId, headers: {}, body: null });
  await bLeaving;
  assert.equal((socket.closedWith as { code?: number } | undefined)?.code, 1000, "no room left: the session closes");
});

test("channel.closed ends that one room; the session goes on", async () => {
  const { socket, rooms: [a, b] } = await sessionWith(["room-a", "room-b"]);
  socket.receive({ type: "channel.closed", channelId: "room-a", clientID: "", correlationId: "", headers: {}, body: null });
  assert.deepEqual([a.state.state, a.state.reason, b.state.state], ["closed", "channel.closed", "joined"]);
  assert.equal(socket.closedWith, undefined);
});

test("one reconnect loop: a dropped session rejoins every room with its own since/epoch; recovered per room", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  const { socket, rooms: [a, b] } = await sessionWith(["room-a", "room-b"],
    (id) => (id === "room-a" ? STREAM("ea", 4) : STREAM("eb", 10)), { random: () => 0.5 });
  socket.receive({ type: "chat", channelId: "room-a", clientID: "x", correlationId: "", headers: STREAM("ea", 5), body: 1 });
  const seen: RoomState[][] = [[], []];
  a.onState((s) => seen[0].push(s));
  b.onState((s) => seen[1].push(s));

  socket.serverClose(1006);
  assert.deepEqual([a.state.state, b.state.state], ["reconnecting", "reconnecting"]);
  mock.timers.tick(250); // one backoff for the session: 0.5 * 500
  assert.equal(FakeSocket.instances.length, 2, "one new socket for both rooms");
  const again = FakeSocket.last();
  assert.equal(again.url, "ws://server/ws?token=t+1");
  again.receive({ type: "session.ready", channelId: "", clientID: "s2", correlationId: "", headers: {}, body: null });
  assert.deepEqual(sent(again, "channel.join").map((f) => [f.channelId, f.body]), [
    ["room-a", { since: 5, epoch: "ea", params: { name: "n-room-a" } }],
    ["room-b", { since: 10, epoch: "eb", params: { name: "n-room-b" } }],
  ]);
  joinSuccess(again, "room-a", STREAM("ea", 7, true));
  joinSuccess(again, "room-b", STREAM("eb2", 0, false));
  assert.deepEqual([a.state.state, a.state.recovered, b.state.state, b.state.recovered], ["joined", true, "joined", false]);
  assert.deepEqual(seen.map((s) => s.map((x) => x.state)), [["joined", "reconnecting", "joined"], ["joined", "reconnecting", "joined"]]);
});

test("a server without sessions ({base} fails before session.ready): one socket per room, as before", async () => {
  FakeSocket.reset();
  const client = fakeClient({ sessions: true });
  const joining = [client.join("room-a", { params: { k: "v" } }), client.join("room-b")];
  await flush();
  assert.equal(FakeSocket.instances.length, 1);
  FakeSocket.last().serverClose(1006, ""); // a 404 on the upgrade
  await flush();
  assert.deepEqual(FakeSocket.instances.slice(1).map((s) => s.url), ["ws://server/ws/room-a?k=v", "ws://server/ws/room-b"]);
  FakeSocket.instances[1].joinSuccess("c1");
  FakeSocket.instances[2].joinSuccess("c2");
  const [a, b] = await Promise.all(joining);
  assert.deepEqual([a.clientId, b.clientId], ["c1", "c2"]);
  const c = client.join("room-c");
  await flush();
  assert.equal(FakeSocket.last().url, "ws://server/ws/room-c", "later joins too");
  FakeSocket.last().joinSuccess("c3");
  await c;
});

test("sessions: false opens one socket per channel even where the server has sessions", async () => {
  FakeSocket.reset();
  const client = fakeClient({ sessions: false });
  client.join("room-a").catch(() => {});
  client.join("room-b").catch(() => {});
  await flush();
  assert.deepEqual(FakeSocket.instances.map((s) => s.url), ["ws://server/ws/room-a", "ws://server/ws/room-b"]);
});

test("several nodes: the session tries the next node, and after a 1012 moves on at once and rejoins with recovery", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  FakeSocket.reset();
  const client = new ChannelClient(["ws://a/ws", "ws://b/ws"], { WebSocket: FakeSocket, random: () => 0.5 });
  try {
    const joining = client.join("room-a");
    await flush();
    assert.equal(FakeSocket.last().url, "ws://a/ws");
    FakeSocket.last().serverClose(1006); // node a is down
    mock.timers.tick(0);
    const b = FakeSocket.last();
    assert.equal(b.url, "ws://b/ws", "the next node's session, at once");
    b.receive({ type: "session.ready", channelId: "", clientID: "s1", correlationId: "", headers: {}, body: null });
    joinSuccess(b, "room-a", STREAM("e1", 3));
    const room = await joining;
    b.serverClose(1012, "restarting");
    mock.timers.tick(0);
    const a = FakeSocket.last();
    assert.equal(a.url, "ws://a/ws", "no backoff: the other node at once");
    a.receive({ type: "session.ready", channelId: "", clientID: "s2", correlationId: "", headers: {}, body: null });
    assert.deepEqual(sent(a, "channel.join")[0].body, { since: 3, epoch: "e1", params: {} });
    joinSuccess(a, "room-a", STREAM("e1", 3, true));
    assert.deepEqual([room.state.state, room.state.recovered], ["joined", true]);
  } finally {
    client.close();
  }
});

test("a server that is down (no session, no channel socket either) fails the join; the next join tries a session again", async () => {
  FakeSocket.reset();
  const client = fakeClient({ sessions: true });
  const first = client.join("room-a");
  await flush();
  FakeSocket.last().serverClose(1006); // the session
  await flush();
  assert.equal(FakeSocket.last().url, "ws://server/ws/room-a", "the fallback");
  FakeSocket.last().serverClose(1006); // down as well
  await assert.rejects(first, /could not join room-a/);
  const again = client.join("room-a");
  await flush();
  assert.equal(FakeSocket.last().url, "ws://server/ws", "a session again");
  FakeSocket.last().receive({ type: "session.ready", channelId: "", clientID: "s1", correlationId: "", headers: {}, body: null });
  joinSuccess(FakeSocket.last(), "room-a");
  assert.equal((await again).state.state, "joined");
});
