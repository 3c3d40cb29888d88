import { test } from "node:test";
import assert from "node:assert/strict";
import type { PresenceDiff } from "channels-js";
import { joinedRoom } from "./helpers.js";
import { flush } from "./fake-socket.js";

const m = (clientId: string, userId = "") => ({ clientId, userId });

test("per-member events and presence.diff reach onPresence as diffs and keep room.members", async () => {
  const { room, socket } = await joinedRoom();
  const diffs: PresenceDiff[] = [];
  const raw: string[] = [];
  room.onPresence((d) => diffs.push(d));
  room.on("presence.diff", (e) => raw.push(e.type));
  socket.receive({ type: "presence.joined", body: m("a", "alice") });
  socket.receive({ type: "presence.joined", body: m("b", "bob") });
  socket.receive({ type: "presence.left", body: m("a", "alice") });
  socket.receive({ type: "presence.diff", body: { channelId: "room-1", joins: [m("c"), m("b", "bob")], leaves: [m("b", "bob")] } });
  assert.deepEqual(diffs, [
    { joins: [m("a", "alice")], leaves: [] },
    { joins: [m("b", "bob")], leaves: [] },
    { joins: [], leaves: [m("a", "alice")] },
    { channelId: "room-1", joins: [m("c"), m("b", "bob")], leaves: [m("b", "bob")] },
  ]);
  assert.deepEqual(raw, ["presence.diff"], "a listener of the type still gets the frame");
  assert.deepEqual([...room.members.keys()], ["c"]);
});

test("loadMembers walks every page, takes each in order with the events between them, and countOnly asks for the count", async () => {
  const { room, socket } = await joinedRoom();
  socket.receive({ type: "presence.joined", body: m("stale") });
  const loading = room.loadMembers();
  let req = socket.frames().at(-1);
  assert.deepEqual(req.body, {});
  assert.equal(room.members.size, 0, "the load starts from nothing");
  socket.receive({ type: "info", correlationId: req.correlationId, body: { channelId: "room-1", count: 3, members: [m("x"), m("y")], next: "p2" } });
  socket.receive({ type: "presence.left", body: m("x") }); // left after the first page was made
  await flush();
  req = socket.frames().at(-1);
  assert.deepEqual(req.body, { after: "p2" });
  socket.receive({ type: "info", correlationId: req.correlationId, body: { channelId: "room-1", count: 2, members: [m("z")] } });
  assert.deepEqual([...(await loading).keys()], ["y", "z"]);

  const counting = room.presence({ countOnly: true });
  req = socket.frames().at(-1);
  assert.deepEqual(req.body, { countOnly: true });
  socket.receive({ type: "info", correlationId: req.correlationId, body: { channelId: "room-1", count: 2 } });
  assert.deepEqual(await counting, { channelId: "room-1", count: 2, members: [] });
});
