// Starting kith serve and headless Chromium for the browser tests.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, "..");
export const TODAY = "2026-12-03";

/** The kith binary: KITH_BIN, or the debug build of this checkout. */
export const kithBin = process.env.KITH_BIN || join(root, "target", "debug", "kith");

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on("error", fail);
  });
}

/** Starts `kith serve` on a fresh database (or `--demo`) and waits until it answers. */
export async function startKith({ demo = false } = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kith-e2e-"));
  const args = ["--today", TODAY, "--db", join(dir, "kith.db"), "serve", "--addr", `127.0.0.1:${port}`];
  if (demo) args.push("--demo");
  const child = spawn(kithBin, args, { stdio: ["ignore", "inherit", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`kith serve exited: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    dir,
    async stop() {
      child.kill("SIGINT");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium from the system (Debian's package). */
export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run"],
  });
}
