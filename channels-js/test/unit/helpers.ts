import { ChannelClient, type ClientOptions, type Room } from "channels-js";
import { afterEach } from "node:test";
import { FakeSocket, flush } from "./fake-socket.js";

const clients: ChannelClient[] = [];

/**
 * A client on fake sockets, closed after the test (a room that lost its socket keeps reconnecting);
 * one socket per channel unless `options.sessions` says otherwise (session.test.ts plays a session server).
 */
export function fakeClient(options: ClientOptions = {}): ChannelClient {
  const client = new ChannelClient("ws://server/ws/", { WebSocket: FakeSocket, sessions: false, ...options });
  clients.push(client);
  return client;
}

afterEach(() => clients.splice(0).forEach((c) => c.close()));

/** A client on fake sockets, joined to room-1 (the fake server answered join.success). */
export async function joinedRoom(options: ClientOptions = {}, headers: Record<string, string[]> = {}):
    Promise<{ client: ChannelClient; room: Room; socket: FakeSocket }> {
  FakeSocket.reset();
  const client = fakeClient(options);
  const joining = client.join("room-1", { params: { token: "t 1" } });
  await flush();
  const socket = FakeSocket.last();
  socket.joinSuccess("client-1", headers);
  const room = await joining;
  return { client, room, socket };
}
