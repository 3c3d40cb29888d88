// The demo chat page: plain DOM code on top of the channels-js package (from its WebJar).
// Query parameters: room (default "lobby"), name (default a random guest name), path (default /ws),
// token (a signed demo token: rooms named private-* need one; DemoServer --token NAME prints one).
import { ChannelClient } from "channels-js"; // the import map of index.html: the channels-js WebJar

const query = new URLSearchParams(location.search);
const roomName = query.get("room") || "lobby";
const name = query.get("name") || `guest-${Math.random().toString(36).slice(2, 6)}`;
const token = query.get("token");
const base = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${query.get("path") || "/ws"}`;
const $ = (id) => document.getElementById(id);

$("room").textContent = `# ${roomName}`;
$("me").textContent = name;

function line(cls, who, text) {
  const li = document.createElement("li");
  li.className = cls;
  if (who) {
    const b = document.createElement("b");
    b.textContent = who;
    li.append(b);
  }
  li.append(text);
  $("messages").append(li);
  li.scrollIntoView({ block: "end" });
}

function showState(s) {
  const el = $("state");
  el.dataset.state = s.state;
  el.dataset.recovered = String(s.recovered);
  el.textContent = s.state === "reconnecting" ? `reconnecting (attempt ${s.attempt})`
    : s.state === "joined" && s.recovered ? "joined (recovered)" : s.state;
  $("text").disabled = $("send-button").disabled = s.state !== "joined";
}

const client = new ChannelClient(base, { onError: (e) => line("note error", "", `error: ${e.message}`) });
let room;
let me = "";

async function refreshMembers() {
  try {
    const info = await room.presence();
    $("count").textContent = `(${info.count})`;
    $("members").replaceChildren(...info.members.map((m) => {
      const li = document.createElement("li");
      li.textContent = m.userId || m.clientId.slice(0, 8);
      li.dataset.clientId = m.clientId;
      if (m.clientId === me) li.className = "self";
      return li;
    }));
  } catch (e) {
    line("note", "", `could not list members: ${e.message}`);
  }
}

let wasJoined = false;
try {
  room = await client.join(roomName, { params: token ? { name, token } : { name } });
  me = room.clientId;
  room.on("chat", (m) => line("msg", m.body?.name || m.clientID.slice(0, 8), m.body?.text ?? ""));
  room.on("presence.joined", () => refreshMembers());
  room.on("presence.left", () => refreshMembers());
  room.onState((s) => {
    showState(s);
    if (s.state === "reconnecting" && s.attempt === 1) line("note", "", "connection lost, reconnecting");
    if (s.state === "joined") {
      me = room.clientId;
      if (wasJoined) {
        line("note", "", s.recovered ? "reconnected: missed messages recovered" : "reconnected: messages may have been missed");
      }
      wasJoined = true;
      refreshMembers();
    }
    if (s.state === "closed") line("note", "", `disconnected: ${s.reason ?? ""}`);
  });
} catch (e) {
  showState({ state: "closed", recovered: false, attempt: 0 });
  line("note", "", `could not join: ${e.message}`);
}

$("send").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = $("text").value.trim();
  if (!text || !room) return;
  try {
    room.publish("chat", { name, text });
    $("text").value = "";
  } catch (e) {
    line("note", "", `not sent: ${e.message}`);
  }
});
window.addEventListener("pagehide", () => client.close());
