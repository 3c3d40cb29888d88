// What slicing the raw body costs on receive, beside the JSON.parse every frame already gets:
// best of 15 rounds of 20,000 frames each, on an envelope as our server writes it with a ~700-char body.
// Run: npm run bench (after npm run build). Timing on a busy machine is noisy; compare the two lines.
import { rawMember } from "../dist/index.js";

const body = JSON.stringify({ text: "hello ".repeat(100), n: [1e2, -0, 1.5], nested: { a: { b: [true, false, null, 'x"y'] } } });
const frame = `{"correlationId":"","appId":"","clientID":"820ddb2e-987c-4dc7-b023-ccc84bda1802","userId":"","expiration":null,`
  + `"body":${body},"messageId":"967495a2-5b7e-4f7c-9481-5382c3bba680","channelId":"room-1",`
  + `"timestamp":"2026-12-01T09:12:53.470827989Z","type":"chat","headers":{}}`;

function perFrame(f, n) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t) / 1e3 / n;
}

const best = { parse: Infinity, slice: Infinity };
for (let round = 0; round < 15; round++) {
  best.parse = Math.min(best.parse, perFrame(() => JSON.parse(frame), 20_000));
  best.slice = Math.min(best.slice, perFrame(() => rawMember(frame, "body"), 20_000));
}
console.log(`${frame.length}-char frame: JSON.parse ${best.parse.toFixed(2)} us, rawMember(frame, "body") ${best.slice.toFixed(2)} us`);
