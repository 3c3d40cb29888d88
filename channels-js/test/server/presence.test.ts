import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { ChannelClient, type Member, type PresenceDiff, type Room } from "channels-js";
import { DemoServer, eventually } from "./demo-server.js";

// Typed presence against the real Java demo server with batched presence (presence.diff every 200 ms) and
// get.info pages of 5 members: after a join storm and some leaves, room.members equals the server's list.

let server: DemoServer;
const clients: ChannelClient[] = [];

function client(): ChannelClient {
  const c = new ChannelClient(server.wsBase, { WebSocket: WebSocket as any });
  clients.push(c);
  return c;
}

before(async () => {
  server = await DemoServer.start(["-Dchannels.presence-batch-interval=PT0.2S", "-Dchannels.max-members-per-info=5"]);
});

afterEach(() => clients.splice(0).forEach((c) => c.close()));

after(async () => {
  await server?.stop();
});

const ids = (ms: Iterable<Member>) => [...ms].map((m) => m.clientId).sort();

/** The server's member list, every page, read by a fresh client. */
async function onServer(ch: string): Promise<string[]> {
  const probe = await client().join(ch);
  const all: Member[] = [];
  for (let after: string | undefined, first = true; first || after; first = false) {
    const page = await probe.presence({ after, timeoutMs: 20_000 });
    all.push(...page.members);
    after = page.next;
  }
  const listed = ids(all).filter((id) => id !== probe.clientId);
  await probe.leave();
  return listed;
}

test("batched presence: room.members follows a join storm and leaves; onPresence gets the diffs", async () => {
  const ch = `presence-${process.pid}`;
  const observer = await client().join(ch);
  const diffs: PresenceDiff[] = [];
  const raw: unknown[] = [];
  observer.onPresence((d) => diffs.push(d));
  observer.on("presence.diff", (m) => raw.push(m));
  const joinedUsers = new Set<string>();
  observer.onPresence((d) => d.joins.forEach((m) => joinedUsers.add(m.clientId)));

  const members: Room[] = [];
  for (let i = 0; i < 8; i++) members.push(await client().join(ch));
  await observer.loadMembers(20_000); // in the middle of the storm, over several pages
  for (let i = 0; i < 16; i++) members.push(await client().join(ch));
  // a member the load listed leaves only once its join went out in a diff (the server nets a join and a
  // leave within one interval out of the diff; docs/protocol.md "Presence")
  await eventually("the early joins in a diff", () => members.slice(0, 8).every((r) => joinedUsers.has(r.clientId)));
  const leaving = members.filter((_, i) => i % 3 === 0);
  await Promise.all(leaving.map((r) => r.leave()));

  const expected = ids([observer, ...members.filter((r) => !leaving.includes(r))].map((r) => ({ clientId: r.clientId, userId: "" })));
  await eventually("the observer's list is the server's", async () =>
    JSON.stringify(ids(observer.members.values())) === JSON.stringify(expected), 30_000);
  assert.deepEqual(await onServer(ch), expected);
  assert.equal((await observer.presence({ countOnly: true, timeoutMs: 20_000 })).count, expected.length);
  assert.ok(raw.length > 0 && raw.length === diffs.length, "each presence.diff frame is one diff, and its listeners still run");
  assert.ok(diffs.length < 16 + 8 + leaving.length, `batched: fewer diffs (${diffs.length}) than joins and leaves`);
});
