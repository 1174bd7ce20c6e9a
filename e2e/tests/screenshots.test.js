// Screenshots of the demo network for the README: the dashboard and a contact page, on a desktop
// and on a 360 px phone. They are written to docs/screenshots/ only when KITH_SCREENSHOTS is set;
// otherwise the pages are still rendered and checked to fit the phone's width.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { root, startBrowser, startKith } from "../kith.js";

const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 740 } };

test("dashboard and contact page on a desktop and a phone", async () => {
  const kith = await startKith({ demo: true });
  const browser = await startBrowser();
  const out = join(root, "docs", "screenshots");
  const save = Boolean(process.env.KITH_SCREENSHOTS);
  if (save) mkdirSync(out, { recursive: true });
  try {
    // The least warm of the warm people in the close circle: a history that rises and falls.
    const list = await (await fetch(`${kith.base}/api/v1/contacts?circle=close&status=warm&sort=warmth&limit=100`)).json();
    const contact = `/contacts/${list[list.length - 1].id}`;
    for (const [device, viewport] of Object.entries(sizes)) {
      const page = await browser.newPage({ viewport, deviceScaleFactor: device === "phone" ? 2 : 1 });
      for (const [name, path] of [["dashboard", "/"], ["contact", contact]]) {
        await page.goto(`${kith.base}${path}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= viewport.width, `${name} fits a ${viewport.width} px ${device} (${width} px)`);
        if (name === "contact" && device === "phone") {
          // On a phone, how to reach them and what was promised come before the log form and timeline.
          const [profile, follow, log] = await page.evaluate(() =>
            ["#profile", "#followups-h", "#log-h"].map((s) => document.querySelector(s).getBoundingClientRect().top));
          assert.ok(profile < log && follow < log, `the profile (${profile}) and follow-ups (${follow}) come before the log form (${log})`);
        }
        if (name === "dashboard" && device === "desktop") {
          // The two columns balance: neither runs on far below the other.
          const [left, right] = await page.evaluate(() =>
            [...document.querySelectorAll(".grid-2 > .stack")].map((s) => s.getBoundingClientRect().height));
          assert.ok(Math.max(left, right) / Math.min(left, right) < 1.5, `dashboard columns ${left} and ${right} px`);
        }
        if (save) await page.screenshot({ path: join(out, `${name}-${device}.png`), fullPage: device === "desktop" });
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await kith.stop();
  }
});
