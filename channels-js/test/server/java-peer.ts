import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { once } from "node:events";
import { eventually } from "./demo-server.js";

/**
 * A member of a channel on the real Java client (channels-client), in a child JVM:
 * dev.channels.demo.JavaClientPeer from channels-demo's test classes (CHANNELS_CLASSPATH, set by
 * JavaScriptClientTest). It publishes `chat` bodies given as JSON text and reports the raw body of
 * every `chat` it receives; lines on its stdin/stdout carry each text as a JSON string literal.
 */
export class JavaPeer {
  /** The raw bodies of the `chat` messages it received, in order. */
  readonly received: string[] = [];
  private readonly process: ChildProcess;
  private readonly lines: string[] = [];
  private output = "";

  private constructor(child: ChildProcess) {
    this.process = child;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      this.lines.push(line);
      if (line.startsWith("chat ")) this.received.push(JSON.parse(line.slice("chat ".length)));
    });
    child.stderr!.on("data", (d: Buffer) => {
      this.output += d.toString();
      if (process.env.CHANNELS_SERVER_LOG) process.stderr.write(d);
    });
  }

  /** Starts a Java client joined to `channel` at `wsBase`; resolves once it is in. */
  static async start(wsBase: string, channel: string): Promise<JavaPeer> {
    const classpath = process.env.CHANNELS_CLASSPATH;
    if (!classpath) throw new Error("CHANNELS_CLASSPATH is not set: these tests run through Maven (JavaScriptClientTest)");
    const child = spawn(process.env.CHANNELS_JAVA || "java",
      ["-cp", classpath, "dev.channels.demo.JavaClientPeer", wsBase, channel],
      { stdio: ["pipe", "pipe", "pipe"] });
    const peer = new JavaPeer(child);
    await eventually(`the Java client joined ${channel}`, () => {
      if (child.exitCode !== null) throw new Error(`JavaClientPeer exited (${child.exitCode}):\n${peer.output}`);
      return peer.lines.includes("joined");
    }, 60_000); // a JVM start on a busy 2-core machine
    return peer;
  }

  /** Publishes a `chat` message whose body is the JSON text `body`, sent as it is (Request.ofJson). */
  async publish(body: string): Promise<void> {
    const before = this.lines.filter((l) => l === "published").length;
    this.process.stdin!.write(`publish ${JSON.stringify(body)}\n`);
    await eventually("the Java client published", () => {
      if (this.process.exitCode !== null) throw new Error(`JavaClientPeer exited (${this.process.exitCode}):\n${this.output}`);
      return this.lines.filter((l) => l === "published").length > before;
    });
  }

  /** Leaves the channel (end of stdin) and waits for the JVM to end. */
  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = once(this.process, "exit");
    this.process.stdin!.end();
    const timer = setTimeout(() => this.process.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }

  /** What the JVM printed to stderr (its log). */
  log(): string {
    return this.output;
  }
}
