// A new user's first session, in a real browser: with JavaScript (htmx boosting every link and
// form) and without it (plain HTML forms), the same steps must work.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { TODAY, root, startBrowser, startKith } from "../kith.js";

let browser;
before(async () => {
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
});

async function addContact(page, base, name, circle) {
  await page.goto(`${base}/contacts/new`);
  await page.fill("#f-name", name);
  await page.selectOption("#f-circle", circle);
  await page.click("button:has-text('Save')");
  await page.waitForURL(/\/contacts\/\d+$/);
  assert.match(await page.textContent(".flash"), new RegExp(`Added ${name}`));
  return Number(page.url().split("/").pop());
}

for (const javaScriptEnabled of [true, false]) {
  test(`a new user's first session (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const kith = await startKith();
    const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
    const page = await context.newPage();
    try {
      // The dashboard welcomes a newcomer.
      await page.goto(`${kith.base}/`);
      assert.match(await page.textContent("main"), /Welcome to kith/);

      // Three people; new contacts are due at once, so all are in the plan.
      const ada = await addContact(page, kith.base, "Ada Lovelace", "close");
      const charles = await addContact(page, kith.base, "Charles Babbage", "close");
      const grace = await addContact(page, kith.base, "Grace Hopper", "active");
      await page.goto(`${kith.base}/`);
      for (const id of [ada, charles, grace]) assert.equal(await page.locator(`#suggest-${id}`).count(), 1);

      // A lunch with two people, logged from Ada's page.
      await page.goto(`${kith.base}/contacts/${ada}`);
      await page.selectOption("#log-kind", "lunch");
      await page.fill("#log-with", "Charles");
      await page.fill("#log-note", "talked about the engine");
      await page.click("button:has-text('Log it')");
      await page.waitForSelector(".flash");
      const logged = await page.textContent(".flash");
      assert.match(logged, /Logged lunch/);
      assert.match(logged, /Ada Lovelace is warm 100%/);
      assert.match(logged, /Charles Babbage is warm 100%/);
      assert.match(await page.textContent(".timeline"), /talked about the engine/);

      // A promise to Charles falls due today: the next touch with him offers to keep it.
      await page.goto(`${kith.base}/contacts/${charles}`);
      await page.fill("#fu-on", TODAY);
      await page.fill("#fu-note", "send the article");
      await page.click("button:has-text('Add follow-up')");
      await page.waitForSelector(".flash:has-text('Charles')");
      assert.match(await page.textContent("#log-h + form"), /mark “send the article” done/);
      await page.selectOption("#log-kind", "email");
      await page.check("input[name=done_followup]");
      await page.click("button:has-text('Log it')");
      await page.waitForSelector(".flash:has-text('The follow-up is done')");
      assert.doesNotMatch(await page.textContent("section[aria-labelledby=followups-h]"), /send the article/);
      await page.goto(`${kith.base}/contacts/${ada}`);

      // Edit in place: with JavaScript the form replaces the profile card on the same page.
      await page.click("#profile-h a:has-text('edit')");
      await page.waitForSelector("#contact-form");
      const path = new URL(page.url()).pathname;
      assert.equal(path, javaScriptEnabled ? `/contacts/${ada}` : `/contacts/${ada}/edit`);
      await page.fill("#f-title", "Analyst");
      await page.fill("#f-org", "Analytical Engines");
      await page.click("#contact-form button:has-text('Save')");
      // The previous message is still on the page until the save's answer replaces it.
      await page.waitForSelector(".flash:has-text('Saved Ada Lovelace')");
      assert.match(await page.textContent(".flash"), /Saved Ada Lovelace/);
      assert.match(await page.textContent("main"), /Analyst at Analytical Engines/);

      // Both are warm now and leave the plan; Grace is still there.
      await page.goto(`${kith.base}/`);
      assert.equal(await page.locator(`#suggest-${ada}`).count(), 0);
      assert.equal(await page.locator(`#suggest-${charles}`).count(), 0);
      assert.equal(await page.locator(`#suggest-${grace}`).count(), 1);

      // Snoozing Grace for two weeks takes her off the plan too.
      await page.selectOption(`#snooze-${grace}`, "2w");
      await page.click(`#suggest-${grace} button:has-text('Snooze')`);
      await page.waitForSelector(".flash");
      assert.match(await page.textContent(".flash"), /Snoozed Grace Hopper until 2026-12-17/);
      assert.equal(await page.locator(`#suggest-${grace}`).count(), 0);

      // A small LinkedIn export through the upload page: preview, then import.
      await page.goto(`${kith.base}/import`);
      await page.selectOption("#i-format", "linkedin");
      await page.setInputFiles("#i-file", join(root, "e2e", "fixtures", "Connections.csv"));
      await page.click("button:has-text('Preview the import')");
      await page.waitForSelector("h1:has-text('Preview')");
      assert.match(await page.textContent("main"), /2\s*new/);
      await page.click("button:has-text('Import')");
      await page.waitForSelector("h1:has-text('Imported')");
      await page.goto(`${kith.base}/contacts?q=nasa`);
      assert.match(await page.textContent("table"), /Katherine Johnson/);
      assert.match(await page.textContent("table"), /Dorothy Vaughan/);

      // The vCard export downloads and holds everyone.
      await page.goto(`${kith.base}/export`);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click("a:has-text('kith-contacts.vcf')"),
      ]);
      assert.equal(download.suggestedFilename(), "kith-contacts.vcf");
      const vcf = readFileSync(await download.path(), "utf8");
      assert.equal(vcf.match(/BEGIN:VCARD/g).length, 5);
      assert.match(vcf, /FN:Ada Lovelace/);
      assert.match(vcf, /FN:Katherine Johnson/);
    } finally {
      await context.close();
      await kith.stop();
    }
  });
}
