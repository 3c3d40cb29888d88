'use strict';
// The Socket.IO 4 peer of the channels load driver (dev.channels.bench.driver.LoadDriver, target
// "socketio"): the same logic as BenchServerMain's channel endpoint, written as a Socket.IO user would.
//
//   ws://HOST:PORT/socket.io/?EIO=4&transport=websocket&channel=NAME
//     joins room NAME (rooms play the channels), then emits "joined";
//     event "fanout" -> emitted to the whole room, the sender included;
//     event "echo"   -> "echo.reply" to the sender only.
//   GET /admin/stats, GET /admin/gc (full collections first): one JSON object of numbers
//     (heapUsed, heapCommitted, rss, threads, sio.connections, sio.rooms), like BenchServerMain's /admin.
//
// WebSocket transport only (no long-polling, no upgrade), no per-message deflate (Socket.IO's default).
// Usage: node --expose-gc server.js [--port 0]. Prints "BENCH-SERVER READY port=<port>" once listening,
// then runs until its standard input closes (the driver's end of the pipe), like BenchServerMain.
const http = require('http');
const { Server } = require('socket.io');

const READY = 'BENCH-SERVER READY port=';

let port = 0;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--port') {
    port = Number(args[++i]);
  } else {
    console.error(`unknown flag ${args[i]}; usage: [--port P]`);
    process.exit(2);
  }
}

const httpServer = http.createServer((req, res) => {
  if (req.url === '/admin/stats' || req.url === '/admin/gc') {
    if (req.url === '/admin/gc') {
      fullGc();
    }
    // one request per connection: the driver asks seconds apart, past Node's keep-alive timeout
    res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify(stats()));
    return;
  }
  res.writeHead(404);
  res.end();
});

const io = new Server(httpServer, {
  transports: ['websocket'],
  allowUpgrades: false,
  serveClient: false,
  perMessageDeflate: false,
  httpCompression: false,
});

io.on('connection', (socket) => {
  const channel = String(socket.handshake.query.channel || '');
  if (!channel) {
    socket.disconnect(true);
    return;
  }
  socket.join(channel);
  socket.on('fanout', (body) => io.to(channel).emit('fanout', body));
  socket.on('echo', (body) => socket.emit('echo.reply', body));
  socket.emit('joined', { channel });
});

/** Collects until two successive full collections leave the same used heap (at most 5), like AdminEndpoint. */
function fullGc() {
  if (typeof global.gc !== 'function') {
    return;
  }
  let previous = Infinity;
  for (let i = 0; i < 5; i++) {
    global.gc();
    const used = process.memoryUsage().heapUsed;
    if (Math.abs(previous - used) < 64 * 1024) {
      return;
    }
    previous = used;
  }
}

function stats() {
  const m = process.memoryUsage();
  const rooms = io.of('/').adapter.rooms;
  const sids = io.of('/').adapter.sids;
  let channels = 0;
  for (const name of rooms.keys()) {
    if (!sids.has(name)) { // every socket also sits in a room named by its own id
      channels++;
    }
  }
  return {
    heapUsed: m.heapUsed,
    heapCommitted: m.heapTotal,
    rss: m.rss,
    threads: 1,
    'sio.connections': io.engine.clientsCount,
    'sio.rooms': channels,
  };
}

httpServer.listen(port, () => {
  // Program output for the parent process (the driver waits for this line).
  process.stdout.write(READY + httpServer.address().port + '\n');
});

process.stdin.on('data', () => {});
process.stdin.on('end', () => {
  io.close();
  httpServer.close();
  process.exit(0);
});
process.stdin.resume();
