// The Maven build's npm steps (generate-resources of channels-js): `npm ci` when node_modules is not
// what package-lock.json says, `npm run build` (tsc -> dist/) when dist/ is older than its sources.
// Both run under a lock (target/npm.lock, an atomic mkdir) so that two builds started at once (two demo
// nodes: "./mvnw ... exec:java" twice) do not run two `npm ci` in one node_modules: the second waits,
// then finds everything up to date and does nothing. A lock left by a killed build (its pid is gone)
// is taken over.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const at = (...p) => join(here, ...p);
const lock = at("target", "npm.lock");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const WAIT_MS = 15 * 60_000; // an npm ci on a slow network and a busy machine

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : -1;
}

function newest(dir) {
  let t = mtime(dir);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : mtime(p));
  }
  return t;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

async function acquire() {
  mkdirSync(at("target"), { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  let said = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      return;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(lock, "pid"), "utf8"));
    } catch {
      // the owner has made the folder but not yet written its pid
    }
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
      console.log(`channels-js: taking over the npm lock of a build that ended (pid ${owner})`);
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`channels-js: another build has held ${lock} for ${WAIT_MS / 60_000} minutes; delete it if no build runs`);
    }
    if (!said) {
      console.log("channels-js: another build runs npm here; waiting for it");
      said = true;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function run(...args) {
  const r = spawnSync(npm, args, { cwd: here, stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) {
    throw new Error(`npm ${args.join(" ")} failed (${r.error ?? "exit " + r.status})`);
  }
}

await acquire();
try {
  // npm ci writes node_modules/.package-lock.json last: older than the lock file (or missing) means
  // node_modules is not (or not completely) what package-lock.json says
  const installed = mtime(at("node_modules", ".package-lock.json"));
  if (installed < Math.max(mtime(at("package-lock.json")), mtime(at("package.json")))) {
    run("ci", "--no-audit", "--no-fund", "--silent");
  }
  const built = Math.min(mtime(at("dist", "index.js")), mtime(at("dist", "index.d.ts")));
  const sources = Math.max(newest(at("src")), mtime(at("tsconfig.json")), mtime(at("package.json")),
    mtime(at("node_modules", ".package-lock.json")));
  if (built < sources) {
    run("run", "--silent", "build");
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}
