import type { WebSocketLike } from "channels-js";

/**
 * A WebSocket stand-in for the unit tests: records what the client sends and lets the test play
 * the server (join.success, replies, closes). Real-server behaviour is tested in test/server.
 */
export class FakeSocket implements WebSocketLike {
  static instances: FakeSocket[] = [];
  readonly url: string;
  readyState = 1;
  sent: string[] = [];
  closedWith?: { code?: number; reason?: string };
  onopen: ((ev: any) => void) | null = null;
  onmessage: ((ev: any) => void) | null = null;
  onclose: ((ev: any) => void) | null = null;
  onerror: ((ev: any) => void) | null = null;

  constructor(url: string) {
    this.url = url;
    FakeSocket.instances.push(this);
  }

  static reset(): void {
    FakeSocket.instances = [];
  }

  static last(): FakeSocket {
    return FakeSocket.instances[FakeSocket.instances.length - 1];
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** The frames the client sent, parsed. */
  frames(): any[] {
    return this.sent.map((s) => JSON.parse(s));
  }

  /** The server sends `msg` (an object is JSON-encoded, a string goes as is). */
  receive(msg: unknown): void {
    this.onmessage?.({ data: typeof msg === "string" ? msg : JSON.stringify(msg) });
  }

  /** The server sends join.success with `headers`. */
  joinSuccess(clientID = "client-1", headers: Record<string, string[]> = {}): void {
    this.receive({ type: "join.success", clientID, channelId: "room-1", correlationId: "", headers, body: null });
  }

  /** The connection closes from the server's side (or the network). */
  serverClose(code: number, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** The query parameters of the URL the client opened. */
  query(): URLSearchParams {
    return new URL(this.url).searchParams;
  }
}

/** Lets pending promise callbacks run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
