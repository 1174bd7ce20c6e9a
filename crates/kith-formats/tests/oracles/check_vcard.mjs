// Checks a vCard file with ical.js, the parser of many web address books.
//
// Usage: node check_vcard.mjs FILE
// ical.js is taken from $KITH_ORACLE_NODE_MODULES, else from node_modules beside this script.
// Every card must parse, be a vcard component of VERSION 4.0 with an FN and a UID, and every
// property's values must decode. Exits 1 with a message naming the card otherwise.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

function fail(message) {
  console.error(`ical.js: ${message}`);
  process.exit(1);
}

const path = process.argv[2];
if (!path || process.argv.length !== 3) fail("usage: node check_vcard.mjs FILE");

const modules = process.env.KITH_ORACLE_NODE_MODULES || join(dirname(fileURLToPath(import.meta.url)), "node_modules");
const { default: ICAL } = await import(pathToFileURL(join(modules, "ical.js", "dist", "ical.js")).href);

const text = readFileSync(path, "utf8");
const begins = text.split(/\r?\n/).filter((line) => line.trim().toUpperCase() === "BEGIN:VCARD").length;
let parsed;
try {
  parsed = ICAL.parse(text);
} catch (e) {
  fail(`${path}: not parsed: ${e.message}`);
}
// One component comes back as itself, several as a list.
const roots = typeof parsed[0] === "string" ? [parsed] : parsed;
if (roots.length === 0) fail(`${path}: no card found`);
if (roots.length !== begins) fail(`${path}: ${begins} BEGIN:VCARD lines but ${roots.length} cards parsed`);

roots.forEach((root, index) => {
  const where = `${path}, card ${index + 1}`;
  const card = new ICAL.Component(root);
  if (card.name !== "vcard") fail(`${where}: a ${card.name}, not a vcard`);
  if (card.getFirstPropertyValue("version") !== "4.0") fail(`${where}: VERSION is not 4.0`);
  for (const name of ["fn", "uid"]) {
    const value = card.getFirstPropertyValue(name);
    if (value === null || String(value).trim() === "") fail(`${where}: no ${name.toUpperCase()}`);
  }
  for (const property of card.getAllProperties()) {
    try {
      property.getValues().map(String);
    } catch (e) {
      fail(`${where}: ${property.name} does not decode: ${e.message}`);
    }
  }
});
console.log(`ical.js: ${roots.length} cards in ${path} are valid`);
