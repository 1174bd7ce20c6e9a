// Every page checked by axe-core (the engine behind most accessibility audits) in light and dark
// mode: labelled fields, contrast, landmarks, names for links and buttons. Serious and critical
// findings fail the test.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { startBrowser, startKith } from "../kith.js";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

test("every page passes axe in light and dark mode", async () => {
  const kith = await startKith({ demo: true });
  const browser = await startBrowser();
  try {
    const contacts = await (await fetch(`${kith.base}/api/v1/contacts?sort=warmth&limit=1`)).json();
    const orgs = await (await fetch(`${kith.base}/api/v1/orgs`)).json();
    const campaign = await (await fetch(`${kith.base}/api/v1/campaigns`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Spring search", subject: "Coffee, {first_name}?", body: "Hi {first_name},\n{custom}", size: 6 }),
    })).json();
    assert.ok(campaign.id, `a campaign to audit: ${JSON.stringify(campaign)}`);
    // An organization whose page shows both its events and market signals about it.
    const events = await (await fetch(`${kith.base}/api/v1/events`)).json();
    const signals = await (await fetch(`${kith.base}/api/v1/signals`)).json();
    const eventOrgs = new Set(events.map((e) => e.org_id));
    const practiced = signals.find((s) => s.org_id && eventOrgs.has(s.org_id));
    assert.ok(practiced, `an organization with events and signals in the demo: ${JSON.stringify(signals)}`);
    const touches = await (await fetch(`${kith.base}/api/v1/contacts/${contacts[0].id}/interactions`)).json();
    assert.ok(touches.length > 0, "the warmest contact has touches to change");
    // The demo has people entered twice: the list of pairs and one pair side by side.
    const pairs = await (await fetch(`${kith.base}/api/v1/duplicates`)).json();
    assert.ok(pairs.length > 0, `the demo has duplicates to merge: ${JSON.stringify(pairs)}`);
    const pages = ["/", "/due", "/contacts", "/contacts?status=cooling", "/contacts?q=hiring", `/contacts/${contacts[0].id}`, "/contacts/new",
      "/duplicates", `/contacts/${pairs[0].first.id}/merge?with=${pairs[0].second.id}`, `/contacts/${pairs[0].first.id}/merge`, "/settings",
      `/contacts/${contacts[0].id}/edit`, `/interactions/${touches[0].id}/edit`, `/events/${events[0].id}`, "/triage", "/followups", "/goals", "/events", "/career", "/signals", "/campaigns",
      `/campaigns/${campaign.id}`, "/orgs", `/orgs/${orgs[0].id}`, `/orgs/${practiced.org_id}`, "/import", "/export", "/sources", "/address-book", "/network", `/network?org=${encodeURIComponent(orgs[0].name)}`, `/intros?org=${encodeURIComponent(orgs[0].name)}`];
    // Every page fits a 360 px phone (nothing scrolls sideways), and the header holds one row on a
    // 1280 px desktop, with every section one or two clicks away (the "More" menu needs no script).
    const sections = ["/", "/contacts", "/followups", "/goals", "/orgs", "/network", "/intros", "/events", "/triage", "/duplicates", "/campaigns", "/career",
      "/signals", "/import", "/export", "/sources", "/address-book", "/settings"];
    for (const [viewport, javaScriptEnabled] of [[{ width: 360, height: 740 }, true], [{ width: 1280, height: 800 }, false]]) {
      const context = await browser.newContext({ viewport, javaScriptEnabled });
      const page = await context.newPage();
      for (const path of pages) {
        await page.goto(`${kith.base}${path}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= viewport.width, `${path} fits ${viewport.width} px (${width} px wide)`);
        const header = await page.evaluate(() => document.querySelector(".top-inner").getBoundingClientRect().height);
        if (viewport.width >= 1280) assert.ok(header < 70, `${path}: the header is one row at 1280 px (${header} px high)`);
        const links = await page.evaluate(() => [...document.querySelectorAll("header nav a")].map((a) => a.getAttribute("href")));
        for (const s of sections) assert.ok(links.includes(s), `${path}: ${s} is reachable from the header`);
      }
      // The menu opens (a <details>, with or without JavaScript) and its links show within the page.
      await page.goto(`${kith.base}/`);
      await page.click("header details.more summary");
      for (const s of ["/events", "/campaigns", "/export"]) {
        const box = await page.locator(`header .more-menu a[href="${s}"]`).boundingBox();
        assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= viewport.width, `${s} shows at ${viewport.width} px`);
      }
      await context.close();
    }
    for (const colorScheme of ["light", "dark"]) {
      // axe is injected as an inline script, which kith's own policy forbids: bypassed for the audit only.
      const context = await browser.newContext({ colorScheme, bypassCSP: true });
      const page = await context.newPage();
      for (const path of pages) {
        await page.goto(`${kith.base}${path}`);
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
        const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
        assert.equal(bad.length, 0, `${path} (${colorScheme}):\n  ${report.join("\n  ")}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await kith.stop();
  }
});
