import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";

test("dist/index.js is at most 6 KiB gzipped (gzip -9)", () => {
  const path = createRequire(import.meta.url).resolve("../../../dist/index.js");
  const size = gzipSync(readFileSync(path), { level: 9 }).length;
  console.log(`dist/index.js: ${readFileSync(path).length} bytes, ${size} bytes gzipped`);
  assert.ok(size <= 6 * 1024, `${size} bytes gzipped`);
});

test("the package has no runtime dependencies", () => {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
  assert.equal(pkg.dependencies, undefined);
  assert.equal(pkg.exports["."].types, "./dist/index.d.ts");
  assert.equal(pkg.exports["."].import, "./dist/index.js");
});
