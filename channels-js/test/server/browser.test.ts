import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import WebSocket from "ws";
import { ChannelClient } from "channels-js";
import { DemoServer, demoToken, eventually } from "./demo-server.js";
import { JavaPeer } from "./java-peer.js";

// The demo chat page served by the real Java demo server, in headless Debian Chromium; and
// channels-js in that browser against the real Java client, through the same server.

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SCREENSHOT = process.env.CHANNELS_SCREENSHOT || join("build", "browser-demo.png");

let server: DemoServer;
let browser: Browser;
let profile: string;

before(async () => {
  server = await DemoServer.start();
  // Playwright passes Chromium a fresh --user-data-dir of its own (a new temporary profile per launch,
  // made in os.tmpdir()) and refuses one in args; TMPDIR puts it, and Chromium's own temporary
  // files, below this directory, removed afterwards.
  profile = mkdtempSync(join(tmpdir(), "channels-chromium-"));
  process.env.TMPDIR = profile;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true, timeout: 120_000 });
  } catch (e) {
    throw new Error(`could not start Chromium at ${CHROMIUM} (Debian: apt-get install chromium; `
      + `another binary: CHROMIUM=/path/to/chrome): ${(e as Error).message}`);
  }
  assert.ok(readdirSync(profile).some((d) => d.startsWith("playwright_chromiumdev_profile-")),
    "Chromium runs on a fresh profile in our temporary directory");
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(context: BrowserContext, room: string, name: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.pageUrl}?room=${room}&name=${name}`);
  await page.locator('#state[data-state="joined"]').waitFor();
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill("#text", text);
  await page.click("#send-button");
}

const messages = (page: Page) => page.locator("#messages li.msg").allTextContents();
const members = (page: Page) => page.locator("#members li").allTextContents();

async function waitFor(page: Page, what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; messages: ${JSON.stringify(await messages(page))}, `
        + `members: ${JSON.stringify(await members(page))}, state: ${await page.locator("#state").textContent()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("two pages chat; one goes offline and back and shows what it missed; the member list follows", async () => {
  const room = `browser-${process.pid}`;
  const annContext = await browser.newContext({ viewport: { width: 900, height: 520 } });
  const bobContext = await browser.newContext({ viewport: { width: 900, height: 520 } });
  const ann = await open(annContext, room, "Ann");
  const bob = await open(bobContext, room, "Bob");

  await waitFor(ann, "Ann sees both members", async () =>
    JSON.stringify((await members(ann)).sort()) === JSON.stringify(["Ann", "Bob"]));
  await waitFor(bob, "Bob sees both members", async () => (await members(bob)).length === 2);

  await say(ann, "hi Bob");
  await waitFor(bob, "Bob gets Ann's line", async () => (await messages(bob)).includes("Annhi Bob"));
  await say(bob, "hi Ann");
  await waitFor(ann, "Ann gets Bob's line", async () => (await messages(ann)).includes("Bobhi Ann"));

  // Bob's network goes away: the page shows it, and Ann keeps talking
  await bobContext.setOffline(true);
  await bob.locator('#state[data-state="reconnecting"]').waitFor();
  await say(ann, "are you there?");
  await say(ann, "you missed this");
  await waitFor(ann, "Ann's own lines", async () => (await messages(ann)).includes("Annyou missed this"));

  await bobContext.setOffline(false);
  await bob.locator('#state[data-state="joined"][data-recovered="true"]').waitFor();
  await waitFor(bob, "Bob shows the missed lines", async () => (await messages(bob)).includes("Annyou missed this"));
  assert.deepEqual(await messages(bob), ["Annhi Bob", "Bobhi Ann", "Annare you there?", "Annyou missed this"],
    "every line once, in order");
  assert.ok((await bob.locator("#messages li.note").allTextContents())
    .includes("reconnected: missed messages recovered"));

  await say(bob, "back again");
  await waitFor(ann, "Ann gets Bob's line after his return", async () => (await messages(ann)).includes("Bobback again"));
  await waitFor(ann, "the member list after Bob's rejoin", async () => (await members(ann)).length === 2);

  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await bob.screenshot({ path: SCREENSHOT }); // back online: the recovered lines and the note

  await bobContext.close(); // Bob leaves
  await waitFor(ann, "Ann's member list without Bob", async () =>
    JSON.stringify(await members(ann)) === JSON.stringify(["Ann"]));
  assert.equal(await ann.locator("#count").textContent(), "(1)");
  await annContext.close();
});

/**
 * Bodies a parse-and-stringify would change: an exponent, a negative zero, an integer beyond 2^53,
 * a trailing zero, an escape, and spacing (blanks, a newline, a tab) where JSON allows it.
 */
const RAW_BODIES = [
  '{"n":1e2,"z":-0,"id":12345678901234567890,  "s" : "\\u00e9\\"",\n\t"a":[ 1.50 , 1E-7 ,true ] , "o":{ }}',
  "12345678901234567890",
  "-0",
  " [ 1e2 ,\t-0 ] ".trim(),
];

test("bodies stay raw between the browser and a Java client, both ways, byte for byte", async () => {
  const channel = `raw-${process.pid}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  // the demo page (in a room of its own) gives an origin the server accepts and serves channels-js
  await page.goto(`${server.pageUrl}?room=${channel}-page&name=Raw`);
  await page.evaluate(async ({ base, channel }) => {
    const lib = "channels-js"; // the page's import map: the channels-js WebJar
    const { ChannelClient } = await import(lib);
    const room = await new ChannelClient(base).join(channel);
    const w = window as any;
    w.rawRoom = room;
    w.rawGot = [];
    room.on("chat", (m: any) => w.rawGot.push({ rawBody: m.rawBody, body: m.body }));
  }, { base: server.wsBase, channel });
  const java = await JavaPeer.start(server.wsBase, channel);
  try {
    // Java client -> server -> browser
    for (const body of RAW_BODIES) await java.publish(body);
    await page.waitForFunction((n) => (window as any).rawGot.length >= n, RAW_BODIES.length);
    const got: { rawBody: string; body: any }[] = await page.evaluate(() => (window as any).rawGot);
    assert.deepEqual(got.map((m) => m.rawBody), RAW_BODIES, "the browser's rawBody is the Java client's text");
    assert.equal(got[0].body.n, 100, "and body is parsed as before");
    assert.equal(got[0].body.s, 'é"');

    // browser -> server -> Java client
    const fromBrowser = [
      '{"m":2E+3,"z":-0.0,"id":-98765432109876543210, "t":"\\ud83d\\ude00 \\t" ,\n "e":[ ]}',
      "98765432109876543210",
      "-0.0",
      "[ 1E400 ]",
    ];
    await page.evaluate(async (bodies) => {
      const lib = "channels-js"; // the page's import map: the channels-js WebJar
      const { rawJson } = await import(lib);
      for (const b of bodies) (window as any).rawRoom.publish("chat", rawJson(b));
    }, fromBrowser);
    await eventually("the Java client gets the browser's bodies", () =>
      java.received.length >= RAW_BODIES.length + fromBrowser.length, 30_000);
    assert.deepEqual(java.received.filter((b) => !RAW_BODIES.includes(b)), fromBrowser,
      "the Java client's rawBody is the browser's text");
    assert.deepEqual(java.received.filter((b) => RAW_BODIES.includes(b)), RAW_BODIES, "and its own");
  } finally {
    await java.stop();
    await context.close();
  }
});

test("the page holds several rooms on one WebSocket, switches between them, and loads older messages", async () => {
  const [r1, r2, r3] = ["a", "b", "c"].map((x) => `rooms-${process.pid}-${x}`);
  const writer = new ChannelClient(server.wsBase, { WebSocket });
  const context = await browser.newContext({ viewport: { width: 1000, height: 520 } });
  try {
    const w1 = await writer.join(r1);
    for (let i = 1; i <= 25; i++) w1.publish("chat", { name: "Old", text: `old ${i}` });
    await eventually("the 25 messages are in r1's history", async () => (await w1.history({ reverse: true, limit: 1 })).top >= 25);

    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    await page.goto(`${server.pageUrl}?room=${r1}&rooms=${r2},${r3}&name=Cy`);
    await page.locator('#state[data-state="joined"]').waitFor();
    assert.deepEqual(await messages(page), [], "a first join replays nothing");

    await page.click("#older");
    const old = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `Oldold ${from + i}`);
    await waitFor(page, "the newest 20 older messages", async () => (await messages(page)).length === 20);
    assert.deepEqual(await messages(page), old(6, 25));
    await page.locator("#older:not([disabled])").waitFor();
    await page.click("#older");
    await waitFor(page, "all 25", async () => (await messages(page)).length === 25);
    assert.deepEqual(await messages(page), old(1, 25), "older ones on top, in order");
    assert.ok(await page.locator("#older").isDisabled(), "nothing older");

    await page.click(`#rooms button[data-room="${r2}"]`);
    await page.locator('#state[data-state="joined"]').waitFor();
    assert.deepEqual(await messages(page), []);
    await say(page, "in two");
    await waitFor(page, "Cy's line in r2", async () => (await messages(page)).includes("Cyin two"));

    const w3 = await writer.join(r3);
    await eventually("the page is in r3", async () => (await w3.presence()).count === 2);
    w3.publish("chat", { name: "Dee", text: "in three" });
    await page.locator(`#rooms button[data-room="${r3}"] .unread`).waitFor();
    await page.click(`#rooms button[data-room="${r3}"]`);
    await waitFor(page, "r3's line", async () => JSON.stringify(await messages(page)) === JSON.stringify(["Deein three"]));
    await page.click(`#rooms button[data-room="${r1}"]`);
    assert.equal((await messages(page)).length, 25, "r1's lines are kept");

    assert.equal(sockets.length, 1, `one WebSocket for the three rooms: ${sockets}`);
    assert.equal(new URL(sockets[0]).pathname, "/ws", "the session at {base}");
  } finally {
    writer.close();
    await context.close();
  }
});

test("a private-* room joins with the demo token on the page's session, and is refused without", async () => {
  const room = `private-${process.pid}`;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.pageUrl}?room=${room}&rooms=&name=Anon`);
    await page.locator('#state[data-state="closed"]').waitFor();
    assert.match((await page.locator("#messages li.note").allTextContents()).join(), /could not join: .*\(403\)/);
    const signed = await context.newPage();
    signed.setDefaultTimeout(30_000);
    await signed.goto(`${server.pageUrl}?room=${room}&rooms=&token=${demoToken("zed")}`);
    await signed.locator('#state[data-state="joined"]').waitFor();
    await waitFor(signed, "zed in the member list", async () => (await members(signed)).includes("zed"));
  } finally {
    await context.close();
  }
});
