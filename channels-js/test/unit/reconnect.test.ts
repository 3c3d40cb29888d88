import { test, mock, afterEach } from "node:test";
import assert from "node:assert/strict";
import { ChannelClient, backoffDelay, type RoomState } from "channels-js";
import { FakeSocket, flush } from "./fake-socket.js";
import { fakeClient, joinedRoom } from "./helpers.js";

afterEach(() => mock.timers.reset());

const STREAM = (epoch: string, offset: number) => ({ "X-Channel-Epoch": [epoch], "X-Channel-Offset": [String(offset)] });

test("backoff is full jitter: random in [0, min(max, initial * 2^(n-1))]", () => {
  const opts = { initialDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(backoffDelay(1, opts, () => 0), 0);
  assert.equal(backoffDelay(1, opts, () => 0.9999), 99);
  assert.equal(backoffDelay(2, opts, () => 0.9999), 199);
  assert.equal(backoffDelay(4, opts, () => 0.9999), 799);
  assert.equal(backoffDelay(5, opts, () => 0.9999), 999, "capped at maxDelayMs");
  assert.equal(backoffDelay(50, opts, () => 0.5), 500);
  for (let n = 1; n <= 12; n++) {
    const cap = Math.min(1000, 100 * 2 ** (n - 1));
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(n, opts);
      assert.ok(d >= 0 && d < cap, `attempt ${n}: ${d} not in [0, ${cap})`);
    }
  }
  assert.equal(backoffDelay(1, {}, () => 0.9999), 499, "defaults: 500 ms initial");
  assert.equal(backoffDelay(30, {}, () => 0.9999), 14998, "defaults: 15 s cap");
});

test("states: joining -> joined -> reconnecting (abnormal close) -> joined, then closed on leave", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  FakeSocket.reset();
  const client = fakeClient({ random: () => 0.5 });
  const states: RoomState[] = [];
  const joining = client.join("room-1");
  await flush();
  FakeSocket.last().joinSuccess("c1");
  const room = await joining;
  room.onState((s) => states.push(s));
  FakeSocket.last().serverClose(1006, "");
  assert.equal(FakeSocket.instances.length, 1, "no reconnect before the backoff delay");
  mock.timers.tick(249); // attempt 1: 0.5 * 500
  assert.equal(FakeSocket.instances.length, 1);
  mock.timers.tick(1);
  assert.equal(FakeSocket.instances.length, 2);
  FakeSocket.last().joinSuccess("c2");
  assert.equal(room.clientId, "c2", "the new join.success gives the new clientID");
  room.leave();
  assert.deepEqual(states.map((s) => [s.state, s.recovered, s.attempt, s.code]), [
    ["joined", false, 0, undefined], // onState reports the current state at once
    ["reconnecting", false, 1, 1006],
    ["joined", false, 0, undefined],
    ["closed", false, 0, 1000],
  ]);
  mock.timers.tick(60_000);
  assert.equal(FakeSocket.instances.length, 2, "no reconnect after leave");
});

test("failed attempts back off exponentially with jitter; the count resets after a join", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  const { room } = await joinedRoom({ random: () => 0.9999, reconnect: { initialDelayMs: 100, maxDelayMs: 300 } });
  const attempts: number[] = [];
  room.onState((s) => s.state === "reconnecting" && attempts.push(s.attempt));
  FakeSocket.last().serverClose(1006);
  for (const wait of [99, 199, 299, 299]) {
    const before = FakeSocket.instances.length;
    mock.timers.tick(wait - 1);
    assert.equal(FakeSocket.instances.length, before, `still waiting (${wait} ms)`);
    mock.timers.tick(1);
    assert.equal(FakeSocket.instances.length, before + 1);
    FakeSocket.last().serverClose(1006); // the server is still down
  }
  assert.deepEqual(attempts, [1, 2, 3, 4, 5]);
  mock.timers.tick(299);
  FakeSocket.last().joinSuccess();
  FakeSocket.last().serverClose(1006);
  assert.equal(room.state.attempt, 1, "a successful join resets the attempt count");
});

test("no reconnect after 1008, 1009, 1003 or a clean 1000 close from the server", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  for (const code of [1008, 1009, 1003, 1000]) {
    const { room } = await joinedRoom();
    FakeSocket.last().serverClose(code, "why");
    assert.equal(room.state.state, "closed", `code ${code}`);
    assert.equal(room.state.code, code);
    assert.equal(room.state.reason, "why");
    mock.timers.tick(120_000);
    assert.equal(FakeSocket.instances.length, 1, `no new socket after ${code}`);
  }
});

test("reconnect: false closes the room on an abnormal close", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  const { room } = await joinedRoom({ reconnect: false });
  FakeSocket.last().serverClose(1006);
  assert.equal(room.state.state, "closed");
  mock.timers.tick(120_000);
  assert.equal(FakeSocket.instances.length, 1);
});

test("maxAttempts: gives up and closes after that many failed attempts", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  const { room } = await joinedRoom({ random: () => 0, reconnect: { maxAttempts: 2 } });
  FakeSocket.last().serverClose(1006);
  mock.timers.tick(0);
  FakeSocket.last().serverClose(1006);
  mock.timers.tick(0);
  FakeSocket.last().serverClose(1006);
  assert.equal(room.state.state, "closed");
  assert.match(room.state.reason!, /gave up after 2 attempts/);
  assert.equal(FakeSocket.instances.length, 3);
});

test("a first join that fails rejects and does not retry", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  FakeSocket.reset();
  const client = fakeClient();
  const joining = client.join("room-1");
  await flush();
  FakeSocket.last().serverClose(1008, "refused");
  await assert.rejects(joining, /could not join room-1: refused/);
  mock.timers.tick(60_000);
  assert.equal(FakeSocket.instances.length, 1);
  assert.equal(client.room("room-1"), undefined, "a failed room is forgotten, so it may be joined again");
});

test("a join without join.success in joinTimeoutMs rejects and closes the socket", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  FakeSocket.reset();
  const client = fakeClient({ joinTimeoutMs: 3000 });
  const joining = client.join("room-1");
  await flush();
  mock.timers.tick(3000);
  await assert.rejects(joining, /no join.success within 3000 ms/);
  assert.ok(FakeSocket.last().closedWith);
});

test("rejoin asks for recovery with since = last offset received and the epoch; recovered=true keeps the position", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  const { room } = await joinedRoom({ random: () => 0 }, STREAM("e1", 4));
  assert.equal(room.offset, 4, "join.success gives the top offset");
  const got: unknown[] = [];
  room.on("chat", (m) => got.push(m.body));
  FakeSocket.last().receive({ type: "chat", headers: STREAM("e1", 5), body: 5 });
  FakeSocket.last().receive({ type: "echo", headers: {}, body: "direct" }); // no offset: position unchanged
  FakeSocket.last().receive({ type: "chat", headers: STREAM("e1", 6), body: 6 });
  FakeSocket.last().serverClose(1006);
  mock.timers.tick(0);
  const rejoin = FakeSocket.last();
  assert.equal(rejoin.query().get("since"), "6");
  assert.equal(rejoin.query().get("epoch"), "e1");
  assert.equal(rejoin.query().get("token"), "t 1", "the join's own parameters are kept");
  rejoin.joinSuccess("c2", { ...STREAM("e1", 8), "X-Channel-Recovered": ["true"] });
  assert.deepEqual([room.state.state, room.state.recovered], ["joined", true]);
  assert.equal(room.offset, 6, "replay follows: the position stays at what was received");
  rejoin.receive({ type: "chat", headers: STREAM("e1", 7), body: 7 });
  rejoin.receive({ type: "chat", headers: STREAM("e1", 8), body: 8 });
  assert.deepEqual(got, [5, 6, 7, 8]);
  assert.equal(room.offset, 8);
});

test("recovered=false (new epoch after a restart) continues from the new stream's top offset", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  const { room } = await joinedRoom({ random: () => 0 }, STREAM("e1", 3));
  FakeSocket.last().serverClose(1001, "server shutting down");
  mock.timers.tick(0);
  FakeSocket.last().joinSuccess("c2", { ...STREAM("e2", 0), "X-Channel-Recovered": ["false"] });
  assert.deepEqual([room.state.state, room.state.recovered], ["joined", false]);
  assert.deepEqual([room.epoch, room.offset], ["e2", 0]);
  FakeSocket.last().serverClose(1006);
  mock.timers.tick(0);
  assert.deepEqual([FakeSocket.last().query().get("since"), FakeSocket.last().query().get("epoch")], ["0", "e2"]);
});

test("recovered=false into a new epoch: the position starts at its beginning and follows the replay", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  const { room } = await joinedRoom({ random: () => 0 }, STREAM("e1", 3));
  const got: unknown[] = [];
  room.on("chat", (m) => got.push(m.body));
  FakeSocket.last().serverClose(1012, "stream broken");
  mock.timers.tick(0);
  FakeSocket.last().joinSuccess("c2", { ...STREAM("e2", 2), "X-Channel-Recovered": ["false"] });
  assert.deepEqual([room.epoch, room.offset], ["e2", 0], "the replay of e2's 1..2 follows");
  FakeSocket.last().serverClose(1006); // lost before the replay arrived
  mock.timers.tick(0);
  assert.deepEqual([FakeSocket.last().query().get("since"), FakeSocket.last().query().get("epoch")], ["0", "e2"]);
  FakeSocket.last().joinSuccess("c3", { ...STREAM("e2", 2), "X-Channel-Recovered": ["true"] });
  FakeSocket.last().receive({ type: "chat", headers: STREAM("e2", 1), body: 1 });
  FakeSocket.last().receive({ type: "chat", headers: STREAM("e2", 2), body: 2 });
  assert.deepEqual(got, [1, 2]);
  assert.deepEqual([room.epoch, room.offset], ["e2", 2]);
});

test("a server without streams: no since/epoch on rejoin, and no X-Channel-Recovered means recovered=false", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  const { room } = await joinedRoom({ random: () => 0 });
  FakeSocket.last().serverClose(1006);
  mock.timers.tick(0);
  assert.equal(FakeSocket.last().query().has("since"), false);
  assert.equal(FakeSocket.last().query().has("epoch"), false);
  FakeSocket.last().joinSuccess("c2");
  assert.equal(room.state.recovered, false);
});

test("channel.closed and channel.expired reach listeners, then the room closes without reconnecting", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  for (const type of ["channel.closed", "channel.expired"]) {
    const { room } = await joinedRoom();
    const seen: string[] = [];
    room.on(type, (m) => seen.push(m.type));
    FakeSocket.last().receive({ type });
    FakeSocket.last().serverClose(1000);
    assert.deepEqual(seen, [type]);
    assert.deepEqual([room.state.state, room.state.reason], ["closed", type]);
    mock.timers.tick(60_000);
    assert.equal(FakeSocket.instances.length, 1);
  }
});

test("client.close leaves every room with a clean close", async () => {
  const { client, room } = await joinedRoom();
  const other = client.join("room-2");
  await flush();
  FakeSocket.last().joinSuccess("c2");
  const room2 = await other;
  client.close();
  assert.deepEqual([room.state.state, room2.state.state], ["closed", "closed"]);
  assert.deepEqual(FakeSocket.instances.map((s) => s.closedWith?.code), [1000, 1000]);
});

test("browser offline: the socket is dropped, no retry while offline, and online retries at once", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  const g = globalThis as any;
  const events = new EventTarget();
  const navigator = { onLine: true };
  g.addEventListener = events.addEventListener.bind(events);
  g.removeEventListener = events.removeEventListener.bind(events);
  Object.defineProperty(globalThis, "navigator", { value: navigator, configurable: true, writable: true });
  try {
    const { room, socket } = await joinedRoom({ random: () => 0.5 }, STREAM("e1", 2));
    navigator.onLine = false;
    events.dispatchEvent(new Event("offline"));
    assert.deepEqual([room.state.state, room.state.attempt, room.state.reason], ["reconnecting", 1, "offline"]);
    assert.equal(socket.closedWith?.code, 4000);
    mock.timers.tick(120_000);
    assert.equal(FakeSocket.instances.length, 1, "no attempt while the browser is offline");
    navigator.onLine = true;
    events.dispatchEvent(new Event("online"));
    assert.equal(FakeSocket.instances.length, 2, "online: retried at once");
    assert.equal(FakeSocket.last().query().get("since"), "2");
    FakeSocket.last().joinSuccess("c2", { ...STREAM("e1", 2), "X-Channel-Recovered": ["true"] });
    assert.deepEqual([room.state.state, room.state.recovered], ["joined", true]);
  } finally {
    delete g.addEventListener;
    delete g.removeEventListener;
    delete g.navigator;
  }
});
