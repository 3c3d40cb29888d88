import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { ChannelError, TimeoutError, errorDetail } from "channels-js";
import { flush } from "./fake-socket.js";
import { joinedRoom } from "./helpers.js";

test("request resolves with the reply carrying its correlationId; other messages go to listeners", async () => {
  const { room, socket } = await joinedRoom();
  const seen: string[] = [];
  room.on("echo", (m) => seen.push(m.correlationId));
  const replying = room.request("echo", "ping");
  const [req] = socket.frames();
  assert.equal(req.correlationId, req.messageId, "the correlation id is the request's message id");
  assert.ok(req.correlationId.length > 0);
  socket.receive({ type: "echo", correlationId: "someone-else", body: "other" });
  socket.receive({ type: "echo", correlationId: req.correlationId, body: "ping" });
  const reply = await replying;
  assert.equal(reply.body, "ping");
  assert.deepEqual(seen, ["someone-else"], "the reply is not also dispatched to listeners");
});

test("concurrent requests are matched by correlationId, whatever the reply order", async () => {
  const { room, socket } = await joinedRoom();
  const a = room.request("echo", "a");
  const b = room.request("echo", "b");
  const [ra, rb] = socket.frames();
  socket.receive({ type: "echo", correlationId: rb.correlationId, body: "B" });
  socket.receive({ type: "echo", correlationId: ra.correlationId, body: "A" });
  assert.equal((await a).body, "A");
  assert.equal((await b).body, "B");
});

test("an error envelope rejects the matching request with the detail (Go's capitalised keys)", async () => {
  const errors: Error[] = [];
  const { room, socket } = await joinedRoom({ onError: (e) => errors.push(e) });
  const replying = room.request("echo", "ping");
  const [req] = socket.frames();
  socket.receive({ type: "error", originType: "echo", originBody: "ping", correlationId: req.correlationId,
    clientId: "client-1", errorBody: { Title: "bad thing", Description: "it broke", ErrCode: "418" } });
  await assert.rejects(replying, (e: unknown) => {
    assert.ok(e instanceof ChannelError);
    assert.deepEqual(e.detail, { title: "bad thing", description: "it broke", errCode: "418" });
    assert.equal(e.originType, "echo");
    assert.equal(e.message, "echo failed: bad thing: it broke (418)");
    return true;
  });
  assert.deepEqual(errors, [], "a matched error is not also reported to onError");
});

test("an error envelope without a waiting request goes to onError, detail in our lower-case keys", async () => {
  const errors: Error[] = [];
  const { socket } = await joinedRoom({ onError: (e) => errors.push(e) });
  socket.receive({ type: "error", originType: "chat", correlationId: "",
    errorBody: { title: "unexpected server error", description: "boom", errCode: "500" } });
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof ChannelError);
  assert.deepEqual((errors[0] as ChannelError).detail,
    { title: "unexpected server error", description: "boom", errCode: "500" });
});

test("room.onError takes the room's errors instead of the client's onError", async () => {
  const clientErrors: Error[] = [];
  const roomErrors: Error[] = [];
  const { room, socket } = await joinedRoom({ onError: (e) => clientErrors.push(e) });
  room.onError((e) => roomErrors.push(e));
  socket.receive({ type: "error", errorBody: { errCode: "400" } });
  assert.equal(roomErrors.length, 1);
  assert.equal(clientErrors.length, 0);
});

test("errorDetail reads any key case and tolerates missing, null, string and non-object bodies", () => {
  assert.deepEqual(errorDetail({ TITLE: "t", description: "d", errcode: "1" }), { title: "t", description: "d", errCode: "1" });
  assert.deepEqual(errorDetail({ title: "t" }), { title: "t", description: "", errCode: "" });
  assert.deepEqual(errorDetail(null), { title: "", description: "", errCode: "" });
  assert.deepEqual(errorDetail('{"Title":"x","ErrCode":"503"}'), { title: "x", description: "", errCode: "503" });
  assert.deepEqual(errorDetail("plain words"), { title: "", description: "plain words", errCode: "" });
  assert.deepEqual(errorDetail(42), { title: "", description: "", errCode: "" });
});

test("a request without a reply rejects with TimeoutError after timeoutMs, not before", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const { room } = await joinedRoom({ timeoutMs: 60_000 });
    const box: { outcome: unknown } = { outcome: "pending" };
    room.request("echo", "ping", { timeoutMs: 5000 }).catch((e) => (box.outcome = e));
    mock.timers.tick(4999);
    await flush();
    assert.equal(box.outcome, "pending");
    mock.timers.tick(1);
    await flush();
    assert.ok((box.outcome as any) instanceof TimeoutError, String(box.outcome));
    assert.equal((box.outcome as any).message, "no reply to echo within 5000 ms");
  } finally {
    mock.timers.reset();
  }
});

test("the client's timeoutMs is the default; a late reply after the timeout is dispatched, not lost", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const { room, socket } = await joinedRoom({ timeoutMs: 100 });
    const late: unknown[] = [];
    room.on("echo", (m) => late.push(m.body));
    const box: { outcome: unknown } = { outcome: "pending" };
    room.request("echo", "ping").catch((e) => (box.outcome = e));
    mock.timers.tick(100);
    await flush();
    assert.ok((box.outcome as any) instanceof TimeoutError, String(box.outcome));
    socket.receive({ type: "echo", correlationId: socket.frames()[0].correlationId, body: "late" });
    assert.deepEqual(late, ["late"]);
  } finally {
    mock.timers.reset();
  }
});

test("a request in flight when the connection drops rejects at once", async () => {
  const { room, socket } = await joinedRoom();
  const replying = room.request("echo", "ping");
  socket.serverClose(1006);
  await assert.rejects(replying, /connection to room-1 lost .* before a reply came/);
});

test("presence sends get.info and resolves with count and members from info", async () => {
  const { room, socket } = await joinedRoom();
  const asking = room.presence();
  const [req] = socket.frames();
  assert.equal(req.type, "get.info");
  assert.equal(req.body, null);
  const members = [{ clientId: "client-1", userId: "" }, { clientId: "c2", userId: "bob" }];
  socket.receive({ type: "info", correlationId: req.correlationId, body: { channelId: "room-1", count: 2, members } });
  assert.deepEqual(await asking, { channelId: "room-1", count: 2, members });
});

test("presence pages: after and limit go in the get.info body, next comes back", async () => {
  const { room, socket } = await joinedRoom();
  const asking = room.presence({ after: "2s", limit: 10 });
  const [req] = socket.frames();
  assert.equal(req.type, "get.info");
  assert.deepEqual(req.body, { after: "2s", limit: 10 });
  const members = [{ clientId: "c3", userId: "" }];
  socket.receive({ type: "info", correlationId: req.correlationId, body: { channelId: "room-1", count: 250, members, next: "2t" } });
  assert.deepEqual(await asking, { channelId: "room-1", count: 250, members, next: "2t" });
});

test("presence also takes an info reply that does not copy the correlation id", async () => {
  const { room, socket } = await joinedRoom();
  const asking = room.presence();
  socket.receive({ type: "info", correlationId: "", body: { channelId: "room-1", count: 1, members: [] } });
  assert.equal((await asking).count, 1);
  await flush();
});

test("history sends get.history with since, limit and reverse and resolves with the page", async () => {
  const { room, socket } = await joinedRoom();
  const asking = room.history({ since: 7, limit: 2, reverse: true });
  const [req] = socket.frames();
  assert.equal(req.type, "get.history");
  assert.deepEqual(req.body, { since: 7, limit: 2, reverse: true });
  const pub = (o: number) => ({ type: "chat", body: { n: o }, headers: { "X-Channel-Offset": [String(o)], "X-Channel-Epoch": ["e1"] } });
  socket.receive({ type: "history", correlationId: req.correlationId,
    body: { channelId: "room-1", epoch: "e1", top: 9, publications: [pub(6), pub(5)] } });
  const page = await asking;
  assert.equal(page.epoch, "e1");
  assert.equal(page.top, 9);
  assert.deepEqual(page.publications.map((p) => p.headers?.["X-Channel-Offset"][0]), ["6", "5"]);
  assert.equal(page.publications[0].rawBody, '{"n":6}');
});

test("history defaults to since 0 forward and rejects with the server's 404 when it keeps no history", async () => {
  const { room, socket } = await joinedRoom();
  const asking = room.history();
  const [req] = socket.frames();
  assert.deepEqual(req.body, { since: 0, reverse: false });
  socket.receive({ type: "error", correlationId: req.correlationId, originType: "get.history",
    errorBody: { title: "history not available", description: "off", errCode: "404" } });
  await assert.rejects(asking, (e: unknown) => e instanceof ChannelError && e.detail.errCode === "404");
});
