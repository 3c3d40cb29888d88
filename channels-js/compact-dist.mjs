// After `tsc` (npm run build): dist/index.js with one space per indentation level instead of tsc's four,
// which saves about 190 bytes of the gzipped bundle (test/unit/size.test.ts caps it at 6 KiB) and changes no
// token. Safe only while no string spans lines: it stops the build when a line holds an odd number of
// backticks (a template literal going on to the next line, whose text the indentation belongs to).
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("dist/index.js", import.meta.url);
const lines = readFileSync(path, "utf8").split("\n");
const open = lines.findIndex((l) => (l.match(/`/g) ?? []).length % 2);
if (open >= 0) {
  console.error(`compact-dist: dist/index.js line ${open + 1} opens a template literal that spans lines; not re-indenting`);
  process.exit(1);
}
writeFileSync(path, lines.map((l) => l.replace(/^ +/, (s) => " ".repeat(Math.ceil(s.length / 4)))).join("\n"));
