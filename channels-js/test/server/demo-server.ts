import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { once } from "node:events";

/**
 * The real Java demo server (channels-demo DemoServer) in a child JVM, on a free port.
 * Maven's JavaScriptClientTest (channels-demo) sets CHANNELS_CLASSPATH (its test class path) and
 * CHANNELS_JAVA; run by hand: CHANNELS_CLASSPATH=... npm run test:server.
 */
export class DemoServer {
  readonly port: number;
  private process: ChildProcess | null = null;
  private output = "";

  private constructor(port: number, private readonly jvmArgs: string[]) {
    this.port = port;
  }

  /** Starts a demo server on a free port and waits until it serves; `jvmArgs` e.g. `-Dchannels.*=...` settings. */
  static async start(jvmArgs: string[] = []): Promise<DemoServer> {
    const server = new DemoServer(await freePort(), jvmArgs);
    await server.restart();
    return server;
  }

  get wsBase(): string {
    return `ws://localhost:${this.port}/ws`;
  }

  get pageUrl(): string {
    return `http://localhost:${this.port}/`;
  }

  /** (Re)starts the server process on the same port; the old one must be stopped. */
  async restart(): Promise<void> {
    const classpath = process.env.CHANNELS_CLASSPATH;
    if (!classpath) {
      throw new Error("CHANNELS_CLASSPATH is not set: these tests run through Maven (JavaScriptClientTest in "
        + "channels-demo: ./mvnw -B verify), or set it to the demo server's class path");
    }
    this.output = "";
    const child = spawn(process.env.CHANNELS_JAVA || "java",
      [...this.jvmArgs, "-cp", classpath, "dev.channels.demo.DemoServer", "--port", String(this.port)],
      { stdio: ["ignore", "pipe", "pipe"] });
    this.process = child;
    const collect = (d: Buffer) => {
      this.output += d.toString();
      if (process.env.CHANNELS_SERVER_LOG) process.stderr.write(d);
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    const deadline = Date.now() + 60_000; // a JVM start on a busy 2-core machine
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`demo server exited (${child.exitCode}):\n${this.output}`);
      if (await serves(this.pageUrl)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`demo server did not serve ${this.pageUrl} within 60 s:\n${this.output}`);
  }

  /** Stops the server like Ctrl-C (SIGTERM: members get 1001 going away) and waits for the process to end. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }

  /** What the server process printed (its log). */
  log(): string {
    return this.output;
  }
}

async function serves(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, "127.0.0.1");
  await once(s, "listening");
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, "close");
  return port;
}

/** Waits until `check` returns a truthy value (polling), or fails after `ms` with `what`. */
export async function eventually<T>(what: string, check: () => T | Promise<T>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${last}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A signed demo token for user `name` (what `DemoServer --token NAME` prints): private-* rooms need one. */
export function demoToken(name: string): string {
  const run = spawnSync(process.env.CHANNELS_JAVA || "java",
    ["-cp", process.env.CHANNELS_CLASSPATH ?? "", "dev.channels.demo.DemoServer", "--token", name], { encoding: "utf8", timeout: 60_000 });
  const token = run.stdout.trim().split("\n").at(-1) ?? "";
  if (run.status !== 0 || !token) throw new Error(`DemoServer --token failed (${run.status}): ${run.stderr}`);
  return token;
}
