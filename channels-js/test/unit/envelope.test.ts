import { test } from "node:test";
import assert from "node:assert/strict";
import { ChannelClient, JsonSyntaxError, rawJson, rawMember, type Envelope } from "channels-js";
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
  socket.receive('{"type":"chat","body":{"n":1e}}');
  socket.receive('{"type":"chat","body":"unterminated}');
  socket.receive({ type: "chat", body: 1 });
  assert.deepEqual(errors, [
    "frame is not JSON: expected a JSON value, found \"n\" at offset 0",
    "frame is not a JSON object",
    "frame is not JSON: expected a digit, found \"}\" at offset 29",
    "frame is not JSON: unterminated string (opened at offset 22) at offset 36",
  ]);
  assert.deepEqual(got, [1]);
  assert.equal(room.state.state, "joined");
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

// Bodies stay raw (docs/protocol.md): the text a sender wrote is what the application can read and send.

const BODY = '{"n":1e2, "z":-0,"id":12345678901234567890,  "s":"\\u00e9\\"",\n "a":[ 1.50 ,true]}';

test("a listener gets the body parsed and, in rawBody, as the frame's text byte for byte (any key order)", async () => {
  const { room, socket } = await joinedRoom();
  const got: Envelope<any>[] = [];
  room.on("chat", (m) => got.push(m));
  // Go's key order, body in the middle
  socket.receive(`{"correlationId":"","appId":"","clientID":"x","userId":"","expiration":null,"body":${BODY},`
    + `"messageId":"m-1","channelId":"room-1","timestamp":"2026-12-01T09:12:53.126945123Z","type":"chat","headers":{}}`);
  socket.receive('{"type":"chat","clientID":"x"}');
  socket.receive('{"body" : null , "type":"chat"}');
  assert.equal(got.length, 3);
  assert.equal(got[0].rawBody, BODY);
  assert.equal(got[0].body.n, 100);
  assert.equal(got[0].body.id, 12345678901234567000, "the parsed body is JSON.parse's, as before");
  assert.equal(got[0].body.s, 'é"');
  assert.equal(got[1].rawBody, "null", "no body: null");
  assert.equal(got[1].body, undefined, "the parsed envelope as before: no body key, no body");
  assert.equal(got[2].rawBody, "null");
  assert.equal(got[2].body, null);
});

test("rawBody is not enumerable: the envelope serialises and compares as the frame did", async () => {
  const { room, socket } = await joinedRoom();
  const got: Envelope[] = [];
  room.on("chat", (m) => got.push(m));
  socket.receive({ type: "chat", body: { text: "hi" } });
  assert.deepEqual(got[0], { type: "chat", body: { text: "hi" } });
  assert.equal(JSON.stringify(got[0]), '{"type":"chat","body":{"text":"hi"}}');
  assert.equal(got[0].rawBody, '{"text":"hi"}');
});

test("a request's reply carries rawBody too", async () => {
  const { room, socket } = await joinedRoom();
  const reply = room.request("echo", rawJson("-0"));
  const [req] = socket.frames();
  socket.receive(`{"type":"echo","correlationId":"${req.correlationId}","body":-0}`);
  const m = await reply;
  assert.equal(m.rawBody, "-0");
  assert.ok(Object.is(m.body, -0));
});

test("publish(rawJson(text)) writes the text into the frame unchanged; the rest of the envelope as before", async () => {
  const { room, socket } = await joinedRoom({ appId: "app", userId: "ann" });
  const sent = room.publish("chat", rawJson(`  ${BODY}\n`), { headers: { "X-Trace": ["1"] } });
  const frame = socket.sent[0];
  assert.ok(frame.endsWith(`,"body":${BODY}}`), frame);
  assert.equal(rawMember(frame, "body"), BODY);
  const parsed = JSON.parse(frame);
  assert.deepEqual(Object.keys(parsed), ["messageId", "type", "channelId", "clientID", "correlationId", "appId",
    "userId", "expiration", "timestamp", "headers", "body"], "the keys and their order as before");
  assert.equal(parsed.type, "chat");
  assert.equal(parsed.clientID, "client-1");
  assert.deepEqual(parsed.headers, { "X-Trace": ["1"] });
  assert.equal(sent.rawBody, BODY);
  assert.equal(sent.messageId, parsed.messageId);
});

test("publish with a plain value writes exactly what JSON.stringify of the whole envelope wrote before", async () => {
  const { room, socket } = await joinedRoom();
  for (const body of [{ text: "hi", n: [1, 2.5] }, "ping", 0, null, undefined, () => 1]) {
    const sent = room.publish("chat", body);
    const frame = socket.sent.at(-1)!;
    const parsed = JSON.parse(frame);
    const before = JSON.stringify({ ...parsed, body: body === undefined ? null : body });
    assert.equal(frame, before.includes('"body"') ? before : before.slice(0, -1) + ',"body":null}', String(body));
    assert.equal(sent.rawBody, JSON.stringify(body === undefined ? null : body) ?? "null");
  }
});

test("request(rawJson(text)) sends the text unchanged with its correlationId", async () => {
  const { room, socket } = await joinedRoom();
  const reply = room.request("echo", rawJson("12345678901234567890"));
  const frame = socket.sent[0];
  assert.equal(rawMember(frame, "body"), "12345678901234567890");
  socket.receive({ type: "echo", correlationId: JSON.parse(frame).correlationId, body: 1 });
  assert.equal((await reply).rawBody, "1");
});

test("a raw body that is not JSON is refused where it is made, with what and where; nothing is sent", async () => {
  const { room, socket } = await joinedRoom();
  assert.throws(() => room.publish("chat", rawJson('{"n":1e}')), (e: unknown) =>
    e instanceof JsonSyntaxError && e.message === 'raw JSON: expected a digit, found "}" at offset 7' && e.offset === 7);
  assert.throws(() => room.publish("chat", { nested: rawJson("1") }), /a RawJson can only be a whole message body/);
  await assert.rejects(room.request("echo", { nested: rawJson("1") }), /a RawJson can only be a whole message body/);
  assert.deepEqual(socket.sent, []);
  assert.equal(room.state.state, "joined");
  room.publish("chat", rawJson("1"));
  assert.equal(socket.sent.length, 1);
});
