/**
 * channels-js: the browser (and Node) client of the channels WebSocket protocol.
 *
 * One {@link ChannelClient} carries all its channels on one WebSocket, a session (`{base}`, the
 * protocol's "Sessions": `channel.join`/`channel.leave`), when the server offers sessions, and one
 * WebSocket per channel (`{base}/{C}`) when it does not (or with `sessions: false`); a {@link Link}
 * is either. {@link ChannelClient.join} resolves with a {@link Room} once the server's
 * `join.success` arrived. A link reconnects by itself after an abnormal close, with full-jitter
 * exponential backoff, and rejoins each of its rooms asking the server to replay what it missed
 * (its own `since`/`epoch`, see the protocol's "Channel streams").
 *
 * Threads: JavaScript runs all of this on one event loop; socket callbacks and timers mutate a
 * link's and its rooms' state one at a time, so no state here needs a lock.
 */

/**
 * The JSON envelope of every non-error frame. Key names are the wire's, including `clientID`; the
 * object is the frame as `JSON.parse` read it, plus {@link Envelope.rawBody}.
 */
export interface Envelope<B = unknown> {
  messageId: string;
  type: string;
  channelId: string;
  clientID: string;
  correlationId: string;
  appId: string;
  userId: string;
  expiration: string | null;
  timestamp: string;
  headers: Record<string, string[]> | null;
  /** The body, parsed (`JSON.parse`: a number beyond 2^53 loses digits, `-0` and `1e2` become numbers). */
  body: B;
  /**
   * The body's JSON text exactly as the frame carried it (`"null"` when the frame had none): what
   * the sender wrote, character for character, `1e2`, `-0`, `12345678901234567890` and its spacing
   * included. On what {@link Room.publish} returns: the text it wrote. Not enumerable, so the
   * envelope still serialises (`JSON.stringify`) and compares like the frame did; a spread copy drops it.
   */
  readonly rawBody: string;
}

/** The error detail of an error envelope, read from its `errorBody` in any key case. */
export interface ErrorDetail {
  title: string;
  description: string;
  errCode: string;
}

/** One member of a channel, as `get.info` lists it. */
export interface Member {
  clientId: string;
  userId: string;
}

/** The answer to {@link Room.presence}: one page of members (the server lists at most 100 a reply by default). */
export interface Presence {
  channelId: string;
  /** How many members the channel has in all, whatever the page holds. */
  count: number;
  members: Member[];
  /** The cursor of the next page, to pass as `after`; absent on the last page. */
  next?: string;
}

/**
 * One change of a room's member list ({@link Room.onPresence}): a batched `presence.diff` (the net joins
 * and leaves of one server interval), or a per-member `presence.joined` / `presence.left` as a diff of
 * one. Apply it as set operations keyed by `clientId`: a join may name a member already known.
 */
export interface PresenceDiff {
  joins: Member[];
  leaves: Member[];
}

/** The answer to {@link Room.history}: one page of the channel's retained messages (`get.history`). */
export interface HistoryPage {
  channelId: string;
  /** The stream's epoch: offsets of two pages compare only when their epochs are equal. */
  epoch: string;
  /** The stream's newest offset when the server answered. */
  top: number;
  /**
   * The messages as members received them (offset in the `X-Channel-Offset` header): oldest first, or
   * newest first with `reverse`. Their `rawBody` is `JSON.stringify(body)`.
   */
  publications: Envelope[];
}

/** The connection state of a room. */
export type StateName = "joining" | "joined" | "reconnecting" | "closed";

/** What {@link Room.onState} reports. */
export interface RoomState {
  state: StateName;
  /**
   * On `joined` after a reconnect: whether the server replayed every message missed (the
   * `X-Channel-Recovered` header); `false` on a first join and whenever messages may be lost.
   */
  recovered: boolean;
  /** Reconnect attempt (1, 2, ...) while `reconnecting`; 0 otherwise. */
  attempt: number;
  /** The WebSocket close code that led here, when there was one. */
  code?: number;
  /** Why the room is `closed` or `reconnecting`. */
  reason?: string;
}

/** Reconnect settings. The wait before attempt n is random in [0, min(maxDelayMs, initialDelayMs * 2^(n-1))]. */
export interface ReconnectOptions {
  /** Default `true`. */
  enabled?: boolean;
  /** Default 500. */
  initialDelayMs?: number;
  /** Default 15000. */
  maxDelayMs?: number;
  /** Attempts before giving up (state `closed`); default unlimited. */
  maxAttempts?: number;
}

/** The subset of the WebSocket API this client uses; the browser's and the `ws` package's fit. */
export interface WebSocketLike {
  readonly readyState: number;
  // events typed loosely so that the DOM's and ws's WebSocket types both fit
  onmessage: ((ev: any) => void) | null;
  onclose: ((ev: any) => void) | null;
  onerror: ((ev: any) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor: the browser's `WebSocket`, or `ws` in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Options of a {@link ChannelClient}. */
export interface ClientOptions {
  /** `false` to turn reconnecting off. */
  reconnect?: ReconnectOptions | false;
  /** The WebSocket implementation; default `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Default timeout of {@link Room.request} and {@link Room.presence}; default 10000. */
  timeoutMs?: number;
  /** How long a join may wait for `join.success`; default 10000. */
  joinTimeoutMs?: number;
  /**
   * Errors not tied to a request: error envelopes without a waiting request, failing listeners.
   * `room` is absent for a session's error that names no room of this client.
   */
  onError?: (error: Error, room?: Room) => void;
  /**
   * `false`: one WebSocket per channel even where the server offers sessions. Default: one session
   * for every channel, and one WebSocket per channel when the server has no sessions (its `{base}`
   * fails or closes before `session.ready`).
   */
  sessions?: boolean;
  /** Query parameters of every handshake, the session's or each channel's (credentials such as a token). */
  params?: Record<string, string>;
  /** Stamped on every outgoing message. */
  appId?: string;
  userId?: string;
  /** Random numbers in [0, 1) for the backoff jitter; default `Math.random`. */
  random?: () => number;
}

/** Options of {@link ChannelClient.join}. */
export interface JoinOptions {
  /**
   * The channel's parameters (metadata): the handshake's query parameters of its own WebSocket, or
   * the `params` of its `channel.join` on a session (the server adds them to the session's).
   */
  params?: Record<string, string>;
}

/** Options of {@link Room.publish} and {@link Room.request}. */
export interface SendOptions {
  headers?: Record<string, string[]>;
  /** {@link Room.request} only: how long to wait for the reply. */
  timeoutMs?: number;
}

/** An error envelope from the server. */
export class ChannelError extends Error {
  readonly detail: ErrorDetail;
  /** The error envelope as received. */
  readonly envelope: Record<string, unknown>;
  /** The `type` of the message that failed. */
  readonly originType: string;

  constructor(envelope: Record<string, unknown>) {
    const detail = errorDetail(envelope.errorBody);
    super(`${str(envelope.originType) || "message"} failed: ${detail.title || "error"}`
      + (detail.description ? `: ${detail.description}` : "") + (detail.errCode ? ` (${detail.errCode})` : ""));
    this.name = "ChannelError";
    this.detail = detail;
    this.envelope = envelope;
    this.originType = str(envelope.originType);
  }
}

/** A JSON text that is not well-formed: what is wrong, and where (`offset`, in UTF-16 code units). */
export class JsonSyntaxError extends Error {
  /** What is wrong, without the offset. */
  readonly problem: string;
  readonly offset: number;

  constructor(problem: string, offset: number) {
    super(`${problem} at offset ${offset}`);
    this.name = "JsonSyntaxError";
    this.problem = problem;
    this.offset = offset;
  }
}

/**
 * A message body given as JSON text, written into the frame unchanged: `room.publish("t", rawJson(text))`
 * sends these very characters (whitespace around the value dropped), so `1e2`, `-0` or a 20-digit
 * integer reach the other side as written. Only a whole body can be raw; `JSON.stringify` of an
 * object holding one throws.
 */
export class RawJson {
  /** The JSON text, without the whitespace around it. */
  readonly text: string;

  /** Throws a {@link JsonSyntaxError} unless `text` is exactly one JSON value. */
  constructor(text: string) {
    if (typeof text !== "string") throw new TypeError(`raw JSON must be a string, not ${typeof text}`);
    try {
      this.text = value(text);
    } catch (e) {
      throw e instanceof JsonSyntaxError ? new JsonSyntaxError(`raw JSON: ${e.problem}`, e.offset) : e;
    }
  }

  /** @internal JSON.stringify cannot write raw text inside another value. */
  toJSON(): never {
    throw new TypeError("a RawJson can only be a whole message body (publish/request), not part of one");
  }
}

/** `new RawJson(text)`: a body sent as this JSON text, unchanged; throws a {@link JsonSyntaxError} if it is not JSON. */
export function rawJson(text: string): RawJson {
  return new RawJson(text);
}

/**
 * The raw text of member `key` of the JSON object `text`, exactly as written (no whitespace around
 * it), or `undefined` when the object has no such member; with duplicate keys the last one, as
 * `JSON.parse` does. Keys match after unescaping (`"b\u006fdy"` is `body`). Throws a
 * {@link JsonSyntaxError} unless `text` is one well-formed JSON object.
 */
export function rawMember(text: string, key: string): string | undefined {
  let i = space(text, 0);
  if (text.charCodeAt(i) !== 0x7b) throw new JsonSyntaxError(i < text.length ? "not a JSON object" : "no JSON value", i);
  let found: string | undefined;
  i = space(text, i + 1);
  if (text.charCodeAt(i) === 0x7d) i++;
  else {
    for (;;) {
      const v = skipKey(text, i);
      const quoted = text.slice(i, skipString(text, i));
      const name = quoted.includes("\\") ? JSON.parse(quoted) : quoted.slice(1, -1);
      i = skipValue(text, v);
      if (name === key) found = text.slice(v, i);
      i = space(text, i);
      const c = text.charCodeAt(i++);
      if (c === 0x7d) break;
      if (c !== 0x2c) fail(text, i - 1, "',' or '}'");
      i = space(text, i);
    }
  }
  if (space(text, i) !== text.length) throw new JsonSyntaxError("text after the JSON object", space(text, i));
  return found;
}

/** The index of the first non-whitespace character (JSON's four) at or after `i`. */
function space(s: string, i: number): number {
  for (let c = s.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = s.charCodeAt(++i));
  return i;
}

function fail(s: string, i: number, expected: string): never {
  throw new JsonSyntaxError(i < s.length ? `expected ${expected}, found ${JSON.stringify(s[i])}` : `expected ${expected}, found the end`, i);
}

/**
 * The index just past the JSON value that starts at `i`, checking it is well-formed. Iterative (a
 * stack of open containers), so no nesting depth overflows the call stack.
 */
function skipValue(s: string, i: number): number {
  const open: number[] = []; // 0x7d '}' or 0x5d ']': what closes each open container
  for (;;) {
    const c = s.charCodeAt(i);
    let container = false;
    if (c === 0x7b || c === 0x5b) { // { [
      const close = c + 2;
      i = space(s, i + 1);
      if (s.charCodeAt(i) === close) i++;
      else {
        open.push(close);
        container = true;
      }
    } else if (c === 0x22) i = skipString(s, i);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) i = skipNumber(s, i);
    else if (s.startsWith("true", i)) i += 4;
    else if (s.startsWith("false", i)) i += 5;
    else if (s.startsWith("null", i)) i += 4;
    else fail(s, i, "a JSON value");
    if (container) {
      if (open[open.length - 1] === 0x7d) i = skipKey(s, i);
      continue;
    }
    for (;;) { // after a value: close what ends here, or go on to the next element
      if (!open.length) return i;
      i = space(s, i);
      const close = open[open.length - 1];
      const d = s.charCodeAt(i);
      if (d === close) {
        open.pop();
        i++;
      } else if (d === 0x2c) {
        i = space(s, i + 1);
        if (close === 0x7d) i = skipKey(s, i);
        break;
      } else fail(s, i, close === 0x7d ? "',' or '}'" : "',' or ']'");
    }
  }
}

/** At a member's key: the index of its value, past the key, the ':' and the whitespace. */
function skipKey(s: string, i: number): number {
  if (s.charCodeAt(i) !== 0x22) fail(s, i, "a string key");
  i = space(s, skipString(s, i));
  if (s.charCodeAt(i) !== 0x3a) fail(s, i, "':'");
  return space(s, i + 1);
}

/**
 * A run of string characters that are neither a quote, a backslash nor a control character. Its
 * `lastIndex` is module state, set and read within one {@link skipString} call on the one event loop.
 */
const PLAIN = /[^"\\\u0000-\u001f]*/y;

/** The index just past the string that starts (with its quote) at `i`. */
function skipString(s: string, i: number): number {
  const start = i++;
  for (;;) {
    PLAIN.lastIndex = i; // jump over the characters that need no look
    PLAIN.test(s);
    i = PLAIN.lastIndex;
    const c = s.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c === 0x5c) { // backslash
      const e = s[i + 1];
      if (e === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) throw new JsonSyntaxError("bad \\u escape in a string", i);
        i += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
      else throw new JsonSyntaxError(`bad escape \\${e ?? ""} in a string`, i);
    } else if (c < 0x20) throw new JsonSyntaxError("control character in a string (escape it)", i);
    else if (i >= s.length) throw new JsonSyntaxError(`unterminated string (opened at offset ${start})`, i);
    else i++;
  }
}

/** The index just past the number that starts at `i` (JSON's grammar: no `+`, no leading zeros, no bare `.`). */
function skipNumber(s: string, i: number): number {
  const digits = (j: number) => {
    const k = j;
    while (s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39) j++;
    if (j === k) fail(s, j, "a digit");
    return j;
  };
  if (s.charCodeAt(i) === 0x2d) i++;
  i = s.charCodeAt(i) === 0x30 ? i + 1 : digits(i);
  if (s.charCodeAt(i) === 0x2e) i = digits(i + 1);
  const e = s.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = s.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    i = digits(i);
  }
  return i;
}

/** A request that got no reply in time. */
export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimeoutError";
  }
}

/** Reads `title`, `description`, `errCode` from an error body in any key case (`Title`, `ERRCODE`, ...). */
export function errorDetail(errorBody: unknown): ErrorDetail {
  let body = errorBody;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      return { title: "", description: body as string, errCode: "" };
    }
  }
  const keys: Record<string, unknown> = {};
  if (body && typeof body === "object") {
    for (const [k, v] of Object.entries(body)) keys[k.toLowerCase()] = v;
  }
  return { title: str(keys.title), description: str(keys.description), errCode: str(keys.errcode) };
}

/**
 * The wait before reconnect attempt `attempt` (1-based): full jitter,
 * `random() * min(maxDelayMs, initialDelayMs * 2^(attempt-1))`.
 */
export function backoffDelay(attempt: number, options: ReconnectOptions = {}, random: () => number = Math.random): number {
  const cap = Math.min(options.maxDelayMs ?? 15000, (options.initialDelayMs ?? 500) * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * cap);
}

/** A random UUID (v4); uses `crypto.getRandomValues`, which, unlike `randomUUID`, also works on plain http pages. */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("").replace(/(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
}

/** The first value of header `name` (case-insensitive), or undefined. */
export function header(headers: Envelope["headers"] | undefined, name: string): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === n) return Array.isArray(v) ? v[0] : undefined;
  }
}

/** `envelope` with its non-enumerable {@link Envelope.rawBody}. */
function raw<B>(envelope: Omit<Envelope<B>, "rawBody">, rawBody: string): Envelope<B> {
  return Object.defineProperty(envelope, "rawBody", { value: rawBody }) as Envelope<B>;
}

/** Why `text` is not JSON: our scanner's reason with its offset, else the parser's message. */
function why(text: string, parseError: unknown): string {
  try {
    value(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e.message;
  }
  return (parseError as Error).message;
}

/** The one JSON value `text` holds, without the whitespace around it; throws a {@link JsonSyntaxError} for anything else. */
function value(text: string): string {
  const start = space(text, 0);
  const end = skipValue(text, start);
  if (space(text, end) !== text.length) throw new JsonSyntaxError("text after the JSON value", space(text, end));
  return text.slice(start, end);
}

function str(v: unknown): string {
  return v == null ? "" : String(v);
}

/** Closes after which reconnecting cannot help: policy violation, too big, unsupported data. */
const FINAL_CODES = [1008, 1009, 1003];
/** Closes of a node going away (restart, try again later, shutdown): with several nodes, the next one at once. */
const MOVES = [1012, 1013, 1001];
const OPEN = 1;

const JOIN = "channel.join";

/**
 * A client of one channels server: every {@link Room} on one session WebSocket when the server
 * offers sessions, else one WebSocket per room.
 */
export class ChannelClient {
  readonly url: string;
  /** Every node's base URL, `url` first. */
  readonly urls: string[];
  readonly options: ClientOptions;
  /** @internal whether joins go on a session: `options.sessions`, until a server turns out to have none. */
  sessions: boolean;
  /** @internal the session link, while there is one; and every link (for the browser's offline/online). */
  session?: Link;
  readonly links = new Set<Link>();
  private readonly rooms = new Map<string, Room>();
  private readonly offline = () => this.links.forEach((l) => l.drop("offline"));
  private readonly online = () => this.links.forEach((l) => l.online());

  /**
   * `url`: the base, e.g. `wss://host/ws`: the session is `{url}`, channel `C`'s own WebSocket
   * `{url}/C`. Several (the nodes of one cluster): the first connection tries them in turn, and a
   * reconnect goes to the next node, at once after a 1012 (the node restarts), 1013 or 1001 close;
   * the rejoin recovers what was missed (`since`/`epoch`).
   */
  constructor(url: string | string[], options: ClientOptions = {}) {
    this.urls = [url].flat().map((u) => u.replace(/\/+$/, ""));
    this.url = this.urls[0];
    this.options = options;
    this.sessions = options.sessions !== false;
    const g = globalThis as any;
    g.addEventListener?.("offline", this.offline);
    g.addEventListener?.("online", this.online);
  }

  /**
   * Joins `channelId`; resolves once `join.success` arrived, rejects when the join fails or times
   * out (a session's refused join: with the server's {@link ChannelError}, its `errCode` read).
   */
  join(channelId: string, options: JoinOptions = {}): Promise<Room> {
    if (this.rooms.has(channelId)) return Promise.reject(new Error(`already in channel ${channelId}`));
    const room = new Room(this, channelId, options.params ?? {});
    this.rooms.set(channelId, room);
    return room._firstJoin().then(() => room, (e) => {
      this._forget(room);
      throw e;
    });
  }

  /** The joined room of `channelId`, if any. */
  room(channelId: string): Room | undefined {
    return this.rooms.get(channelId);
  }

  /** Leaves every room at once (closes the sockets; no `channel.leave` frames). */
  close(): void {
    this.rooms.forEach((r) => r.finish(1000, "left"));
    const g = globalThis as any;
    g.removeEventListener?.("offline", this.offline);
    g.removeEventListener?.("online", this.online);
  }

  /** @internal puts `room` on the session (joining now if it is ready) or on a link of its own. */
  _attach(room: Room): void {
    let l = this.sessions ? this.session : undefined;
    if (!l) {
      this.links.add((l = new Link(this, this.sessions)));
      if (this.sessions) this.session = l;
    }
    room.link = l;
    l.rooms.add(room);
    if (l.live) room._join();
    else if (!l.socket && l.retry === undefined) l.connect();
  }

  /** @internal */
  _forget(room: Room): void {
    if (this.rooms.get(room.channelId) === room) this.rooms.delete(room.channelId);
  }
}

/**
 * @internal One WebSocket and its reconnect loop: a session carrying any number of rooms, or one
 * room's own connection (its join is the handshake). It parses every frame and hands it to the
 * room its `channelId` names (on a session) or to its one room.
 */
export class Link {
  readonly rooms = new Set<Room>();
  socket: WebSocketLike | null = null;
  /** `live`: the current socket is ready (`session.ready`, or its room's `join.success`); `up`: one ever was. */
  live?: boolean;
  up?: boolean;
  /** Reconnect attempt (0 while connected), the node in use (index into the client's urls), nodes tried first. */
  attempt = 0;
  node = 0;
  tried = 0;
  retry: ReturnType<typeof setTimeout> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly client: ChannelClient, readonly session: boolean) {}

  connect(): void {
    this.retry = undefined;
    const c = this.client;
    const Ctor = c.options.WebSocket ?? (globalThis as any).WebSocket;
    const r = this.solo;
    const q = new URLSearchParams({ ...c.options.params, ...r?.params });
    if (r?.epoch) {
      q.set("since", String(r.offset));
      q.set("epoch", r.epoch);
    }
    let s: WebSocketLike;
    try {
      if (!Ctor) throw new Error("no WebSocket: pass options.WebSocket (in Node: the ws package)");
      s = new Ctor(`${c.urls[this.node]}${r ? "/" + encodeURIComponent(r.channelId) : ""}${`${q}` ? "?" + q : ""}`);
    } catch (e) {
      return this.rooms.forEach((x) => x.finish(undefined, (e as Error).message));
    }
    this.socket = s;
    const ms = c.options.joinTimeoutMs ?? 10000;
    this.timer = setTimeout(() => this.drop(`no ${r ? "join.success" : "session.ready"} within ${ms} ms`, 4001), ms);
    s.onmessage = (ev: { data: unknown }) => this.socket === s && this.receive(ev.data);
    s.onclose = (ev: { code: number; reason: string }) => this.socket === s && this.lost(ev.code, ev.reason || `closed (${ev.code})`);
    s.onerror = () => {}; // a close event follows
  }

  /** The current socket is ready: no more retries to count. */
  ready(): void {
    clearTimeout(this.timer);
    this.live = this.up = true;
    this.attempt = 0;
  }

  /** Drops the connection (the browser went offline, a join timed out) and reconnects when it can. */
  drop(reason: string, code = 4000): void {
    const s = this.socket;
    if (s && (this.live || code > 4000)) {
      this.lost(undefined, reason);
      s.close(code, reason);
    }
  }

  /** The browser is back online: retry now instead of waiting. */
  online(): void {
    if (!this.socket && this.attempt) {
      clearTimeout(this.retry);
      this.connect();
    }
  }

  remove(room: Room, reason: string): void {
    this.rooms.delete(room);
    if (this.rooms.size) return;
    clearTimeout(this.retry);
    clearTimeout(this.timer);
    const s = this.socket;
    this.socket = null;
    if (s && s.readyState <= OPEN) s.close(1000, reason.slice(0, 100));
    this.client.links.delete(this);
    if (this.client.session === this) this.client.session = undefined;
  }

  /** The one room of a channel's own connection. */
  private get solo(): Room | undefined {
    return this.session ? undefined : [...this.rooms][0];
  }

  private fail(e: Error, room = this.solo): void {
    room ? room.fail(e) : this.client.options.onError?.(e);
  }

  private receive(data: unknown): void {
    const text = typeof data === "string" ? data : String(data);
    let m: any;
    let rawBody: string;
    try {
      m = JSON.parse(text);
      rawBody = rawMember(text, "body") ?? "null"; // throws for what JSON.parse took but is no object
    } catch (e) {
      return this.fail(new Error(m === undefined ? `frame is not JSON: ${why(text, e)}` : "frame is not a JSON object"));
    }
    raw(m, rawBody);
    if (!this.session) return this.solo?._receive(m);
    if (m.type === "session.ready") {
      this.ready();
      return this.rooms.forEach((r) => r._join());
    }
    const r = this.client.room(str(m.channelId));
    if (r?.link === this) r._receive(m);
    else if (m.type === "error") this.fail(new ChannelError(m));
  }

  /** The socket closed or was given up: the next node, a fallback to one socket per room, a reconnect, or the end. */
  private lost(code: number | undefined, reason: string): void {
    clearTimeout(this.timer);
    this.socket = null;
    this.live = false;
    const c = this.client;
    const r = c.options.reconnect;
    const opts: ReconnectOptions = r === false ? { enabled: false } : r ?? {};
    const n = c.urls.length;
    const final = code !== undefined && (code === 1000 || FINAL_CODES.includes(code));
    this.node = (this.node + 1) % n;
    if (!this.up && !final && ++this.tried < n) { // the first connection: the next node, at once
      this.retry = setTimeout(() => this.connect(), 0);
      return;
    }
    const rooms = [...this.rooms];
    if (!this.up && this.session) { // no session on any node: a server without sessions, one socket per room
      c.sessions = false;
      this.rooms.clear();
      this.remove(rooms[0], reason);
      return rooms.forEach((x) => c._attach(x));
    }
    // nothing answered on any node (per room too): the server may just be down, the next join tries a session again
    if (!this.up) c.sessions = c.options.sessions !== false;
    // a room that never joined fails its join; the others lose their pending requests
    rooms.forEach((x) => x.joined ? x.finish(code, reason) : x.rejectPending(`connection to ${x.channelId} lost (${reason})`));
    let stop = opts.enabled === false || final ? reason : "";
    if (!stop && ++this.attempt > (opts.maxAttempts ?? Infinity)) stop = `gave up after ${opts.maxAttempts} attempts: ${reason}`;
    this.rooms.forEach((x) => stop ? x.finish(code, stop) : x.setState({ state: "reconnecting", recovered: false, attempt: this.attempt, code, reason }));
    if (this.rooms.size && (globalThis as any).navigator?.onLine !== false) { // offline: the "online" event reconnects
      // a node going away, with others to go to: the next one at once
      this.retry = setTimeout(() => this.connect(), n > 1 && MOVES.includes(code!) ? 0 : backoffDelay(this.attempt, opts, c.options.random));
    }
  }
}

interface Pending {
  resolve: (m: Envelope<any>) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  type: string;
}

type Listener = (msg: Envelope<any>) => void;

/** One joined channel: its listeners, pending requests and stream position, on its client's session or its own WebSocket. */
export class Room {
  readonly client: ChannelClient;
  readonly channelId: string;
  /** The client id the server assigned on the latest `join.success` (on a session: the session's). */
  clientId = "";
  /** The stream's epoch and the last offset received (channel streams; empty/0 when the server keeps no history). */
  epoch = "";
  offset = 0;
  /** @internal the connection carrying this room; and its join parameters */
  link?: Link;
  readonly params: Record<string, string>;
  /**
   * The members as this room knows them (client id to member): those of every `info` page it received
   * ({@link Room.loadMembers}, {@link Room.presence}), kept up to date by the presence events the server
   * sends (`channels.presence-events`), per member or batched.
   */
  readonly members = new Map<string, Member>();
  /** @internal the first join's promise, until it settles */
  joined?: { resolve: () => void; reject: (e: Error) => void };
  private current: RoomState = { state: "joining", recovered: false, attempt: 0 };
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly states = new Set<(s: RoomState) => void>();
  private readonly errs = new Set<(e: Error) => void>();
  private readonly pending = new Map<string, Pending>();

  /** @internal use {@link ChannelClient.join} */
  constructor(client: ChannelClient, channelId: string, params: Record<string, string>) {
    this.client = client;
    this.channelId = channelId;
    this.params = params;
  }
  /** The current state. */
  get state(): RoomState {
    return this.current;
  }

  /** Calls `handler` with every message of `type` (body parsed). Returns a function that removes it. */
  on<B = unknown>(type: string, handler: (msg: Envelope<B>) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(handler as Listener);
    return () => set!.delete(handler as Listener);
  }

  /**
   * Calls `handler` with every change of the member list, the same for per-member `presence.joined` /
   * `presence.left` and batched `presence.diff` (after {@link Room.members} took it in). Returns a remover.
   */
  onPresence(handler: (diff: PresenceDiff) => void): () => void {
    return this.on("", handler as any);
  }

  /**
   * Reads the whole member list (every page of `get.info`) into {@link Room.members}: call it after joining
   * and after a reconnect (presence events are not replayed). Each page is taken in as it arrives, in order
   * with the presence events around it, so the list is right once the last page came. Resolves with it.
   */
  async loadMembers(timeoutMs?: number): Promise<Map<string, Member>> {
    this.members.clear();
    for (let p: Presence | undefined; !p || p.next; ) p = await this.presence({ timeoutMs, after: p?.next });
    return this.members;
  }

  /** Calls `handler` now with the current state and then on every change. Returns a function that removes it. */
  onState(handler: (s: RoomState) => void): () => void {
    this.states.add(handler);
    handler(this.current);
    return () => this.states.delete(handler);
  }

  /** Errors of this room not tied to a request (instead of the client's `onError`). Returns a remover. */
  onError(handler: (e: Error) => void): () => void {
    this.errs.add(handler);
    return () => this.errs.delete(handler);
  }

  /** Sends a message of `type` with `body`; throws unless the room is joined. Returns the envelope sent. */
  publish<B>(type: string, body: B, options: SendOptions = {}): Envelope<B> {
    return this.send(type, body, "", options);
  }

  /**
   * Sends a message and resolves with the reply carrying its correlation id. Rejects with a
   * {@link ChannelError} on an error envelope, a {@link TimeoutError} after `timeoutMs`, or an
   * Error when the connection drops first.
   */
  request<R = unknown, B = unknown>(type: string, body: B, options: SendOptions = {}): Promise<Envelope<R>> {
    const id = uuid();
    return new Promise<Envelope<R>>((resolve, reject) => {
      const ms = options.timeoutMs ?? this.client.options.timeoutMs ?? 10000;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new TimeoutError(`no reply to ${type} within ${ms} ms`));
      }, ms);
      this.pending.set(id, { resolve, reject, timer, type });
      try {
        this.send(type, body, id, options);
      } catch (e) {
        this.settle(id)?.reject(e as Error);
      }
    });
  }

  /**
   * Asks the server who is in the channel (`get.info` -> `info`): the first page of members, or the
   * page after cursor `after` (a previous page's `next`), of at most `limit` members.
   */
  async presence(options: { timeoutMs?: number; after?: string; limit?: number; countOnly?: boolean } = {}): Promise<Presence> {
    const { timeoutMs, ...page } = options;
    const reply = await this.request<Partial<Presence>>("get.info", Object.keys(page).length ? page : null, { timeoutMs });
    const b = reply.body ?? {};
    const p: Presence = { channelId: b.channelId ?? this.channelId, count: b.count ?? 0, members: b.members ?? [] };
    if (typeof b.next === "string" && b.next) p.next = b.next;
    return p;
  }

  /**
   * Reads the channel's history (`get.history` -> `history`; the server must keep history, else a
   * {@link ChannelError} `404`): the messages after offset `since` (default 0), oldest first; with
   * `reverse`, the newest below `since` (0: from the newest), newest first ("load older": pass the
   * oldest offset you have). At most `limit`, and at most the server's cap (100 by default).
   */
  async history(options: { since?: number; limit?: number; reverse?: boolean; timeoutMs?: number } = {}): Promise<HistoryPage> {
    const { since = 0, limit, reverse = false, ...rest } = options;
    const b = (await this.request<Partial<HistoryPage>>("get.history", { since, limit, reverse }, rest)).body ?? {};
    return {
      channelId: b.channelId ?? this.channelId,
      epoch: b.epoch ?? "",
      top: b.top ?? 0,
      publications: (b.publications ?? []).map((p) => raw(p, JSON.stringify(p.body ?? null))),
    };
  }

  /**
   * Leaves the channel, no reconnect: on a session with `channel.leave`, resolving on `leave.success`
   * (or when the session is gone); on its own WebSocket by closing it cleanly, at once.
   */
  async leave(): Promise<void> {
    if (this.link?.session) await this.request("channel.leave", null).catch(() => {});
    this.finish(1000, "left");
  }

  /** @internal */
  _firstJoin(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.joined = { resolve, reject };
      this.client._attach(this);
    });
  }

  /** @internal on a session that is ready: `channel.join` with this room's `since`/`epoch`; a refusal or timeout ends the room. */
  _join(): void {
    const l = this.link!;
    const s = l.socket;
    if (l.session) {
      const body = { since: this.epoch ? this.offset : undefined, epoch: this.epoch || undefined, params: this.params };
      this.request(JOIN, body, { timeoutMs: this.client.options.joinTimeoutMs })
        .catch((e) => l.socket === s && this.finish(undefined, e.message, e));
    }
  }

  private send<B>(type: string, body: B, correlationId: string, options: SendOptions): Envelope<B> {
    const s = this.link?.socket;
    // a session's channel.join goes out before the room is joined
    if (!s || (this.current.state !== "joined" && type !== JOIN) || s.readyState !== OPEN) {
      throw new Error(`not joined to ${this.channelId} (state ${this.current.state})`);
    }
    const o = this.client.options;
    const value = body === undefined ? (null as B) : body;
    // the body goes in as text: a RawJson's own, else JSON.stringify's (undefined for a function: null)
    const rawBody = value instanceof RawJson ? value.text : JSON.stringify(value) ?? "null";
    const msg: Omit<Envelope<B>, "body" | "rawBody"> = {
      messageId: correlationId || uuid(),
      type,
      channelId: this.channelId,
      clientID: this.clientId,
      correlationId,
      appId: o.appId ?? "",
      userId: o.userId ?? "",
      expiration: null,
      timestamp: new Date().toISOString(),
      headers: options.headers ?? {},
    };
    const head = JSON.stringify(msg); // the same keys in the same order as before, body last
    s.send(`${head.slice(0, -1)},"body":${rawBody}}`);
    return raw({ ...msg, body: value }, rawBody);
  }

  /** @internal a frame for this room, parsed, from its link. */
  _receive(m: any): void {
    const type = str(m.type);
    const corr = str(m.correlationId);
    if (type === "error") {
      const err = new ChannelError(m);
      const p = this.settle(corr);
      return p ? p.reject(err) : this.fail(err);
    }
    const offset = Number(header(m.headers, "X-Channel-Offset"));
    const epoch = header(m.headers, "X-Channel-Epoch");
    if (type === "join.success") {
      this.settle(corr)?.resolve(m);
      return this.joinSuccess(m, epoch, offset);
    }
    if (epoch && offset > 0) {
      this.epoch = epoch;
      this.offset = offset;
    }
    if (type === "channel.expired" || type === "channel.closed") {
      this.dispatch(type, m);
      return this.finish(1000, type);
    }
    if (type === "info") this.apply({ joins: m.body?.members });
    const p = this.settle(corr);
    if (p) return p.resolve(m);
    if (type === "info") {
      // a server that does not copy the correlation id: the oldest presence request gets it
      for (const [id, q] of this.pending) if (q.type === "get.info") return this.settle(id)!.resolve(m);
    }
    const b = m.body;
    const j = type === "presence.joined";
    const d = j || type === "presence.left" ? { joins: j ? [b] : [], leaves: j ? [] : [b] } : type === "presence.diff" && b;
    if (d) {
      this.apply(d);
      this.dispatch("", d);
    }
    this.dispatch(type, m);
  }

  /** Applies `d` to {@link Room.members}. */
  private apply(d: Partial<PresenceDiff>): void {
    d.joins?.forEach((x) => this.members.set(x.clientId, x));
    d.leaves?.forEach((x) => this.members.delete(x.clientId));
  }
  private joinSuccess(m: Envelope, epoch: string | undefined, offset: number): void {
    const reconnect = this.current.state === "reconnecting";
    const recovered = reconnect && header(m.headers, "X-Channel-Recovered") === "true";
    this.clientId = str(m.clientID);
    if (epoch && !recovered && reconnect && this.epoch && epoch !== this.epoch) {
      // asked to recover another epoch: the server replays the new epoch's retained messages from its
      // start, which move the offset on; until the first arrives nothing of it was received
      this.epoch = epoch;
      this.offset = 0;
    } else if (epoch && (!recovered || epoch !== this.epoch)) {
      // not recovered in the same epoch (or a first join): no replay, so continue from the stream's top offset
      this.epoch = epoch;
      this.offset = Number.isFinite(offset) ? offset : 0;
    } else if (!epoch) {
      this.epoch = "";
      this.offset = 0;
    }
    this.link!.ready();
    this.setState({ state: "joined", recovered, attempt: 0 });
    this.joined?.resolve();
    this.joined = undefined;
  }

  private dispatch(type: string, m: Envelope): void {
    for (const l of this.listeners.get(type) ?? []) {
      try {
        l(m);
      } catch (e) {
        this.fail(e as Error);
      }
    }
  }

  /** @internal */
  fail(e: Error): void {
    if (this.errs.size) this.errs.forEach((l) => l(e));
    else this.client.options.onError?.(e, this);
  }

  private settle(id: string): Pending | undefined {
    const p = this.pending.get(id);
    if (p) {
      clearTimeout(p.timer);
      this.pending.delete(id);
    }
    return p;
  }

  /** @internal */
  rejectPending(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id)!.reject(new Error(`${reason} before a reply came`));
  }

  /** @internal ends the room for good: no reconnect; a first join rejects (with `error` when given). */
  finish(code: number | undefined, reason: string, error?: Error): void {
    if (this.current.state === "closed") return;
    this.rejectPending(`${this.channelId} closed (${reason})`);
    this.client._forget(this);
    this.link?.remove(this, reason);
    this.setState({ state: "closed", recovered: false, attempt: 0, code, reason });
    this.joined?.reject(error ?? new Error(`could not join ${this.channelId}: ${reason}`));
    this.joined = undefined;
  }

  /** @internal */
  setState(s: RoomState): void {
    this.current = s;
    this.states.forEach((l) => l(s));
  }
}
