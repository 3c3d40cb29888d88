import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { ChannelClient, ChannelError, rawJson, type ClientOptions, type Envelope, type Room, type RoomState } from "channels-js";
import { DemoServer, demoToken, eventually } from "./demo-server.js";

// channels-js in Node (ws as WebSocket) against the real Java demo server in a child JVM.

let server: DemoServer;
const clients: ChannelClient[] = [];
/** Every socket the clients opened, so a test can cut one. */
const sockets: WebSocket[] = [];

/** The sockets opened to channel `ch`, oldest first. */
const socketsOf = (ch: string) => sockets.filter((s) => new URL(s.url).pathname.endsWith(`/${ch}`));

class TrackedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    sockets.push(this);
  }
}

function client(options: ClientOptions = {}): ChannelClient {
  const c = new ChannelClient(server.wsBase, { WebSocket: TrackedWebSocket, ...options });
  clients.push(c);
  return c;
}

function record<B>(room: Room, type: string): Envelope<B>[] {
  const got: Envelope<B>[] = [];
  room.on<B>(type, (m) => got.push(m));
  return got;
}

function states(room: Room): RoomState[] {
  const seen: RoomState[] = [];
  room.onState((s) => seen.push(s));
  return seen;
}

let n = 0;
const channel = () => `node-${process.pid}-${++n}`;

before(async () => {
  server = await DemoServer.start();
});

afterEach(() => clients.splice(0).forEach((c) => c.close()));

after(async () => {
  await server?.stop();
});

test("join: resolves on join.success with the server's clientID", async () => {
  const room = await client().join(channel());
  assert.match(room.clientId, /^[0-9a-f-]{36}$/);
  assert.equal(room.state.state, "joined");
});

test("publish reaches another member of the channel (and the sender: chat is a channel handler)", async () => {
  const ch = channel();
  const alice = await client().join(ch);
  const bob = await client().join(ch);
  const atBob = record<{ text: string }>(bob, "chat");
  const atAlice = record<{ text: string }>(alice, "chat");
  alice.publish("chat", { text: "hi bob" });
  await eventually("bob gets the message", () => atBob.length === 1);
  assert.equal(atBob[0].body.text, "hi bob");
  assert.equal(atBob[0].clientID, alice.clientId, "the server stamps the sender's clientID");
  assert.equal(atBob[0].channelId, ch);
  await eventually("alice gets her own message", () => atAlice.length === 1);
});

test("a member of another channel does not get the message", async () => {
  const alice = await client().join(channel());
  const carol = await client().join(channel());
  const atCarol = record(carol, "chat");
  const atAlice = record(alice, "chat");
  alice.publish("chat", { text: "only here" });
  await eventually("alice gets it", () => atAlice.length === 1);
  // carol's channel had its chance: a request/reply round trip on her connection comes after it
  await carol.request("echo", "sync");
  assert.equal(atCarol.length, 0);
});

test("request/reply: echo answers the sender with the same correlationId", async () => {
  const room = await client().join(channel());
  const reply = await room.request<string>("echo", "ping", { timeoutMs: 20_000 });
  assert.equal(reply.body, "ping");
  assert.equal(reply.type, "echo");
  assert.equal(reply.clientID, room.clientId);
});

test("a request to a type nobody handles rejects: an error envelope when the server answers, else a timeout", async () => {
  const room = await client().join(channel());
  // the seed ignores unknown types, so the request times out; a server that answers them
  // (ChannelServer.Builder.answerUnknownTypes) sends an error envelope with the request's correlationId
  await assert.rejects(room.request("nobody.handles.this", 1, { timeoutMs: 3000 }), (e: unknown) => {
    if (e instanceof ChannelError) {
      assert.equal(e.originType, "nobody.handles.this");
      assert.match(e.detail.errCode, /^\d{3}$/);
    } else {
      assert.equal((e as Error).name, "TimeoutError");
    }
    return true;
  });
  assert.equal(room.state.state, "joined");
});

test("a refused join (channel id the server rejects) rejects join() and does not retry", async () => {
  const tooLong = "x".repeat(5000);
  const c = client({ sessions: false }); // its own socket: the handshake is refused
  await assert.rejects(c.join(tooLong), /could not join x+: channel id is longer than/);
  assert.equal(c.room(tooLong), undefined);
  const s = client(); // on a session: the channel.join is refused, the session stays
  const other = await s.join(channel());
  await assert.rejects(s.join(tooLong), (e: unknown) => e instanceof ChannelError && /^4\d\d$/.test(e.detail.errCode));
  assert.equal(s.room(tooLong), undefined);
  assert.equal((await other.request<string>("echo", "still")).body, "still");
});

test("presence: get.info lists the members of the channel", async () => {
  const ch = channel();
  const alice = await client().join(ch, { params: { name: "alice" } });
  const bob = await client().join(ch, { params: { name: "bob" } });
  const info = await alice.presence({ timeoutMs: 20_000 });
  assert.equal(info.channelId, ch);
  assert.equal(info.count, 2);
  assert.deepEqual(info.members.map((m) => m.clientId).sort(), [alice.clientId, bob.clientId].sort());
});

test("presence events: members get presence.joined and presence.left", async () => {
  const ch = channel();
  const alice = await client().join(ch);
  const joined = record<{ clientId: string }>(alice, "presence.joined");
  const left = record<{ clientId: string }>(alice, "presence.left");
  const bob = await client().join(ch);
  await eventually("presence.joined for bob", () => joined.some((m) => m.body.clientId === bob.clientId));
  const bobId = bob.clientId;
  bob.leave();
  await eventually("presence.left for bob", () => left.some((m) => m.body.clientId === bobId));
});

test("per-member presence events: room.members and onPresence follow joins and leaves as with presence.diff", async () => {
  const ch = channel();
  const alice = await client().join(ch);
  const diffs: { joins: string[]; leaves: string[] }[] = [];
  alice.onPresence((d) => diffs.push({ joins: d.joins.map((m) => m.clientId), leaves: d.leaves.map((m) => m.clientId) }));
  await alice.loadMembers(20_000);
  const bob = await client().join(ch);
  const carol = await client().join(ch);
  const bobId = bob.clientId;
  await bob.leave();
  await eventually("alice's list is alice and carol", () =>
    [...alice.members.keys()].sort().join() === [alice.clientId, carol.clientId].sort().join());
  assert.deepEqual(diffs.filter((d) => d.joins.includes(bobId) || d.leaves.includes(bobId)),
    [{ joins: [bobId], leaves: [] }, { joins: [], leaves: [bobId] }]);
  assert.equal((await alice.presence({ countOnly: true, timeoutMs: 20_000 })).count, 2);
});

test("history pages forward from since to the top and back from the newest, each message as members got it", async () => {
  const ch = channel();
  const alice = await client().join(ch);
  const got = record<{ text: string }>(alice, "chat");
  for (let i = 1; i <= 5; i++) alice.publish("chat", { text: `m${i}` });
  await eventually("alice gets her 5 messages", () => got.length === 5);
  const forward: Envelope[] = [];
  let since = 0;
  for (let page = await alice.history({ since, limit: 2 }); ; page = await alice.history({ since, limit: 2 })) {
    forward.push(...page.publications);
    since = Number(forward.at(-1)!.headers!["X-Channel-Offset"][0]);
    if (since >= page.top) break;
  }
  assert.deepEqual(forward.map((m) => m.messageId), got.map((m) => m.messageId));
  assert.deepEqual(forward.map((m) => m.headers), got.map((m) => m.headers));
  const newest = await alice.history({ limit: 2, reverse: true });
  assert.deepEqual(newest.publications.map((m) => (m.body as { text: string }).text), ["m5", "m4"]);
  const older = await alice.history({ since: Number(newest.publications[1].headers!["X-Channel-Offset"][0]), reverse: true });
  assert.deepEqual(older.publications.map((m) => (m.body as { text: string }).text), ["m3", "m2", "m1"]);
});

test("a dropped connection rejoins with recovered=true and gets what it missed, once, in order", async () => {
  const ch = channel();
  // a fixed 1.5 s wait before the rejoin, so the messages below are sent while it is away
  // its own socket (sessions: false), so the test can cut it and read its rejoin URL; sessions below
  const alice = await client({ sessions: false, reconnect: { initialDelayMs: 1500 }, random: () => 0.999 }).join(ch);
  const bob = await client({ sessions: false }).join(ch);
  const atAlice = record<{ text: string }>(alice, "chat");
  const seen = states(alice);
  bob.publish("chat", { text: "before" });
  await eventually("alice gets 'before'", () => atAlice.length === 1);
  socketsOf(ch)[0].terminate(); // alice's (she joined first): the TCP connection dies without a close frame, 1006
  await eventually("alice reconnecting", () => alice.state.state === "reconnecting");
  for (const text of ["missed 1", "missed 2", "missed 3"]) bob.publish("chat", { text });
  await eventually("alice rejoined", () => alice.state.state === "joined", 30_000);
  assert.equal(alice.state.recovered, true);
  const rejoin = socketsOf(ch).at(-1)!;
  assert.equal(socketsOf(ch).length, 3, "alice, bob, alice again");
  assert.match(rejoin.url, /[?&]since=\d+/);
  assert.match(rejoin.url, /[?&]epoch=/);
  bob.publish("chat", { text: "after" });
  await eventually("alice gets 'after'", () => atAlice.some((m) => m.body.text === "after"));
  assert.deepEqual(atAlice.map((m) => m.body.text), ["before", "missed 1", "missed 2", "missed 3", "after"]);
  const offsets = atAlice.map((m) => Number(m.headers!["X-Channel-Offset"][0]));
  assert.deepEqual(offsets, offsets.map((_, i) => offsets[0] + i), "offsets without gap or duplicate");
  assert.deepEqual(seen.map((s) => s.state), ["joined", "reconnecting", "joined"]);
});

test("after the server restarted (history gone), the rejoin reports recovered=false and works", async () => {
  const ch = channel();
  const alice = await client({ reconnect: { initialDelayMs: 200, maxDelayMs: 1000 } }).join(ch);
  const atAlice = record<{ text: string }>(alice, "chat");
  alice.publish("chat", { text: "first life" });
  await eventually("alice gets her message", () => atAlice.length === 1);
  const epoch = alice.epoch;
  await server.stop();
  try {
    await eventually("alice reconnecting", () => alice.state.state === "reconnecting");
    // 1012 (restarting) when the server drains before it stops, 1001 (going away) when its close frame got
    // out before its listener stopped, else 1006
    assert.ok([1001, 1006, 1012].includes(alice.state.code!), `close code ${alice.state.code}`);
  } finally {
    await server.restart();
  }
  await eventually("alice rejoined", () => alice.state.state === "joined", 60_000);
  assert.equal(alice.state.recovered, false);
  assert.notEqual(alice.epoch, epoch, "a new stream");
  const reply = await alice.request<string>("echo", "still there?");
  assert.equal(reply.body, "still there?");
});

test("an error envelope from the real server goes to onError, with its errCode read", async () => {
  const ch = channel();
  const room = await client({ sessions: false }).join(ch);
  // the client never sends a frame that is not JSON; send one on its socket: the server answers 400
  const errors: Error[] = [];
  room.onError((e) => errors.push(e));
  socketsOf(ch)[0].send("this is not json");
  await eventually("the 400 error envelope", () => errors.length === 1);
  assert.ok(errors[0] instanceof ChannelError);
  assert.equal((errors[0] as ChannelError).detail.errCode, "400");
  assert.equal(room.state.state, "joined", "the connection stays open");
  assert.equal((await room.request<string>("echo", "after")).body, "after");
});

test("a raw body reaches another member's rawBody byte for byte through the server", async () => {
  const ch = channel();
  const alice = await client().join(ch);
  const bob = await client().join(ch);
  const atBob = record<unknown>(bob, "chat");
  const body = '{"n":1e2,"z":-0,"id":12345678901234567890, "s" : "\\u00e9" ,\n "a":[ 1.50 ]}';
  alice.publish("chat", rawJson(body));
  await eventually("bob gets it", () => atBob.length === 1);
  assert.equal(atBob[0].rawBody, body);
  assert.deepEqual(atBob[0].body, { n: 100, z: -0, id: 12345678901234567000, s: "é", a: [1.5] });
});

/** The sockets `run` opens. */
async function opened<T>(run: () => Promise<T>): Promise<{ value: T; sockets: WebSocket[] }> {
  const before = sockets.length;
  const value = await run();
  return { value, sockets: sockets.slice(before) };
}

test("sessions: three rooms on one socket, each with its own messages, presence and leave", async () => {
  const chs = [channel(), channel(), channel()];
  const alice = client();
  const { value: rooms, sockets: mine } = await opened(() => Promise.all(chs.map((ch) => alice.join(ch))));
  assert.equal(mine.length, 1, "one WebSocket for the three rooms");
  assert.equal(new URL(mine[0].url).pathname, "/ws", "the session at {base}");
  assert.ok(rooms.every((r) => r.clientId === rooms[0].clientId), "one client id, the session's");
  const bob = client({ sessions: false });
  const got = rooms.map((r) => record<{ text: string }>(r, "chat"));
  for (const ch of chs) (await bob.join(ch)).publish("chat", { text: `in ${ch}` });
  await eventually("each room gets its message", () => got.every((g) => g.length === 1));
  assert.deepEqual(got.map((g) => [g[0].channelId, g[0].body.text]), chs.map((ch) => [ch, `in ${ch}`]));
  assert.equal((await rooms[1].presence()).count, 2);
  await rooms[0].leave();
  assert.equal(rooms[0].state.state, "closed");
  await eventually("the server lists one member after the leave", async () => (await bob.room(chs[0])!.presence()).count === 1);
  assert.equal((await rooms[2].request<string>("echo", "on")).body, "on", "the session goes on");
});

test("sessions: a dropped session rejoins every room with recovered=true and what each missed, in order", async () => {
  const chs = [channel(), channel(), channel()];
  const alice = client({ reconnect: { initialDelayMs: 1500 }, random: () => 0.999 });
  const { value: rooms, sockets: mine } = await opened(() => Promise.all(chs.map((ch) => alice.join(ch))));
  const bob = client();
  const bobs = await Promise.all(chs.map((ch) => bob.join(ch)));
  const got = rooms.map((r) => record<{ text: string }>(r, "chat"));
  bobs.forEach((b) => b.publish("chat", { text: "before" }));
  await eventually("alice's rooms get 'before'", () => got.every((g) => g.length === 1));
  const { sockets: rejoined } = await opened(async () => {
    mine[0].terminate(); // 1006
    await eventually("alice reconnecting", () => rooms.every((r) => r.state.state === "reconnecting"));
    bobs.forEach((b, i) => b.publish("chat", { text: `missed ${i}` }));
    await eventually("alice rejoined", () => rooms.every((r) => r.state.state === "joined"), 30_000);
  });
  assert.equal(rejoined.length, 1, "one socket rejoins the three rooms");
  assert.deepEqual(rooms.map((r) => r.state.recovered), [true, true, true]);
  await eventually("every room got what it missed", () => got.every((g) => g.length === 2));
  assert.deepEqual(got.map((g) => g.map((m) => m.body.text)), chs.map((_, i) => ["before", `missed ${i}`]));
});

test("sessions: a private-* room needs the demo token on the session (403 without); the server stamps its user", async () => {
  const ch = `private-${channel()}`;
  const anonymous = client();
  const open = await anonymous.join(channel());
  await assert.rejects(anonymous.join(ch), (e: unknown) => e instanceof ChannelError && e.detail.errCode === "403");
  assert.equal(open.state.state, "joined", "the refused join leaves the session and its rooms");
  const ann = await client({ params: { token: demoToken("ann") } }).join(ch);
  const got = record(ann, "chat");
  ann.publish("chat", { text: "signed" });
  await eventually("ann gets her message", () => got.length === 1);
  assert.equal(got[0].userId, "ann", "the token's subject, stamped by the server");
});
