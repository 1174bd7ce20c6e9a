// A job-search campaign in a real browser, with JavaScript (htmx re-rendering a message while its
// custom line is typed) and without it (the Preview and Save buttons post the form).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startBrowser, startKith } from "../kith.js";

let browser;
before(async () => {
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`a campaign from preview to board (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const kith = await startKith({ demo: true });
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    try {
      await page.goto(`${kith.base}/campaigns`);
      await page.fill("#c-name", "Spring search");
      await page.fill("#c-size", "3");
      await page.fill("#c-subject", "Coffee, {first_name}?");
      await page.fill("#c-body", "Hi {first_name},\n{custom}");
      await page.click("button[value=preview]");
      await page.waitForSelector("#preview-h");
      assert.match(await page.textContent("#preview-h"), /Preview: 3 contacts/);
      assert.match(await page.textContent("#preview"), /Coffee, \S+\?/);
      await page.click("button[value=create]");
      await page.waitForURL(/\/campaigns\/\d+$/);
      await page.waitForSelector(".flash:has-text('started with 3 contact')");

      // The custom line of the first contact: previewed, then saved.
      const textarea = page.locator("textarea[name=custom]").first();
      const id = (await textarea.getAttribute("id")).replace("custom-", "");
      if (javaScriptEnabled) {
        await textarea.fill("Loved your talk.");
        await page.waitForFunction((c) => document.querySelector(`#message-${c}`)?.textContent.includes("Loved your talk."), id);
        assert.match(await page.textContent(`#message-${id}`), /not saved yet/);
      } else {
        await textarea.fill("Loved your talk.");
        await page.click(`form[action$="/contacts/${id}/custom"] button:has-text('Preview')`);
        await page.waitForSelector(`#message-${id} .hint`);
        assert.match(await page.textContent(`#message-${id}`), /Loved your talk\./);
      }
      await page.click(`form[action$="/contacts/${id}/custom"] button:has-text('Save')`);
      // Wait for this post's own message: the page before it may still show the last one.
      await page.waitForSelector(".flash:has-text('Custom line saved')");
      assert.match(await page.textContent(`#message-${id}`), /Loved your talk\./);
      assert.doesNotMatch(await page.textContent(`#message-${id}`), /not saved yet/);

      // Moving the contact on to Sent.
      await page.click(`#col-drafted ~ ul button[aria-label^="Move"][aria-label$="on to Sent"] >> nth=0`);
      await page.waitForSelector(".flash:has-text('is now sent')");
      assert.match(await page.textContent("#col-sent"), /\(1\)/);
    } finally {
      await context.close();
      await kith.stop();
    }
  });
}
