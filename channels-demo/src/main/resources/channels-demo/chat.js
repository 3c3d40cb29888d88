// The demo chat page: plain DOM code on top of the channels-js package (from its WebJar).
// Query parameters: room (the room shown first, default "lobby"), rooms (more rooms to join, comma-separated,
// default "random"), name (default a random guest name), path (default /ws), token (a signed demo token:
// rooms named private-* need one; DemoServer --token NAME prints one).
// Every room travels on one WebSocket (a session) where the server offers sessions; "Load older" pages
// back through the shown room's history (get.history, newest first from the oldest message shown).
import { ChannelClient, header } from "channels-js"; // the import map of index.html: the channels-js WebJar

const query = new URLSearchParams(location.search);
const first = query.get("room") || "lobby";
const more = (query.get("rooms") ?? "random").split(",").map((r) => r.trim()).filter(Boolean);
const name = query.get("name") || `guest-${Math.random().toString(36).slice(2, 6)}`;
const token = query.get("token");
const base = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${query.get("path") || "/ws"}`;
const PAGE = 20; // messages per "Load older"
const $ = (id) => document.getElementById(id);

$("me").textContent = name;

// name and token go on the handshake of the session (or of each room's own socket): the server admits
// the identity there, and a private-* room's join is checked against it
const client = new ChannelClient(base, {
  params: token ? { name, token } : { name },
  onError: (e) => current && note(current, `error: ${e.message}`),
});
/** Each room's view: its Room once joined, its lines (shown or not), the oldest offset shown, unread count. */
const views = new Map();
let current;

function line(cls, who, text) {
  const li = document.createElement("li");
  li.className = cls;
  if (who) {
    const b = document.createElement("b");
    b.textContent = who;
    li.append(b);
  }
  li.append(text);
  return li;
}

const chatLine = (m) => line("msg", m.body?.name || m.clientID.slice(0, 8), m.body?.text ?? "");

/** Adds a line to a view: at the end, or (older) at the top; shown if the view is the current one. */
function add(view, li, older = false) {
  view.lines[older ? "unshift" : "push"](li);
  if (view !== current) {
    if (li.className === "msg" && !older) view.unread++;
    return badge(view);
  }
  if (older) $("messages").prepend(li);
  else {
    $("messages").append(li);
    li.scrollIntoView({ block: "end" });
  }
}

const note = (view, text) => add(view, line("note", "", text));

function badge(view) {
  view.button.replaceChildren(`# ${view.id}`);
  if (view.unread) {
    const n = document.createElement("span");
    n.className = "unread";
    n.textContent = String(view.unread);
    view.button.append(n);
  }
}

function showState(view) {
  if (view !== current) return;
  const s = view.state;
  const el = $("state");
  el.dataset.state = s.state;
  el.dataset.recovered = String(s.recovered);
  el.textContent = s.state === "reconnecting" ? `reconnecting (attempt ${s.attempt})`
    : s.state === "joined" && s.recovered ? "joined (recovered)" : s.state;
  $("text").disabled = $("send-button").disabled = s.state !== "joined";
  $("older").disabled = s.state !== "joined" || !view.more;
}

async function refreshMembers(view) {
  if (view !== current || !view.room) return;
  try {
    const info = await view.room.presence();
    if (view !== current) return;
    $("count").textContent = `(${info.count})`;
    $("members").replaceChildren(...info.members.map((m) => {
      const li = document.createElement("li");
      li.textContent = m.userId || m.clientId.slice(0, 8);
      li.dataset.clientId = m.clientId;
      if (m.clientId === view.room.clientId) li.className = "self";
      return li;
    }));
  } catch (e) {
    note(view, `could not list members: ${e.message}`);
  }
}

/** Shows `view`: its lines, its state, its members. */
function select(view) {
  current = view;
  view.unread = 0;
  views.forEach((v) => {
    v.button.setAttribute("aria-current", String(v === view));
    badge(v);
  });
  $("room").textContent = `# ${view.id}`;
  $("messages").replaceChildren(...view.lines);
  $("count").textContent = "";
  $("members").replaceChildren();
  showState(view);
  refreshMembers(view);
}

/** Joins room `id` (on the client's one session) and lists it; shows it when `show`. */
async function open(id, show) {
  if (views.has(id)) return show && select(views.get(id));
  const view = { id, lines: [], unread: 0, more: true, oldest: 0, state: { state: "joining", recovered: false, attempt: 0 } };
  views.set(id, view);
  const li = document.createElement("li");
  view.button = document.createElement("button");
  view.button.dataset.room = id;
  view.button.addEventListener("click", () => select(view));
  li.append(view.button);
  $("rooms").append(li);
  badge(view);
  if (show || !current) select(view);
  let wasJoined = false;
  try {
    const room = await client.join(id);
    view.room = room;
    view.oldest = room.offset + 1; // the stream's newest offset at the join: older messages are below it
    room.on("chat", (m) => add(view, chatLine(m)));
    room.on("presence.joined", () => refreshMembers(view));
    room.on("presence.left", () => refreshMembers(view));
    room.onState((s) => {
      view.state = s;
      showState(view);
      if (s.state === "reconnecting" && s.attempt === 1) note(view, "connection lost, reconnecting");
      if (s.state === "joined") {
        if (wasJoined) note(view, s.recovered ? "reconnected: missed messages recovered" : "reconnected: messages may have been missed");
        wasJoined = true;
        refreshMembers(view);
      }
      if (s.state === "closed") note(view, `disconnected: ${s.reason ?? ""}`);
    });
  } catch (e) {
    view.state = { state: "closed", recovered: false, attempt: 0 };
    showState(view);
    note(view, `could not join: ${e.message}`);
  }
}

$("older").addEventListener("click", async () => {
  const view = current;
  if (!view?.room) return;
  $("older").disabled = true;
  try {
    // newest first, below the oldest offset shown: each goes on top
    const page = await view.room.history({ since: view.oldest, reverse: true, limit: PAGE });
    for (const m of page.publications) {
      view.oldest = Math.min(view.oldest, Number(header(m.headers, "X-Channel-Offset")) || view.oldest);
      if (m.type === "chat") add(view, chatLine(m), true);
    }
    view.more = page.publications.length === PAGE && view.oldest > 1;
    if (!view.more) add(view, line("note", "", "no older messages"), true);
  } catch (e) {
    note(view, `could not load older messages: ${e.message}`);
  }
  showState(view);
});

$("send").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = $("text").value.trim();
  if (!text || !current?.room) return;
  try {
    current.room.publish("chat", { name, text });
    $("text").value = "";
  } catch (e) {
    note(current, `not sent: ${e.message}`);
  }
});

$("join").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const id = $("new-room").value.trim();
  $("new-room").value = "";
  if (id) open(id, true);
});

window.addEventListener("pagehide", () => client.close());
open(first, true);
more.forEach((id) => open(id, false));
