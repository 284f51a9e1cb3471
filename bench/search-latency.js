// Time from the last keystroke to the results shown, on the search page of a built site opened
// over file://, in Debian's Chromium with its CPU slowed 4 × (a phone-class CPU).
//
//   node bench/search-latency.js SITE_DIR [RATE]     (bench/search.sh runs it)
//
// Each query is typed letter by letter (150 ms apart, as on a phone keyboard) into the search
// box of its language. The page notes when each input event came; the time is from the last one
// to the moment the page has shown that query's results (`data-shown` on the form, watched by a
// MutationObserver). Each query is typed twice in a fresh tab: the first time loads the index files it
// needs (from the drive), the second finds them loaded, as a reader refining a query does; and
// once more in another fresh tab, pasted whole (one input event), when nothing is loaded before.
// Medians of 5 tabs per query.
"use strict";
const path = require("path");
const os = require("os");
const fs = require("fs");
const { chromium } = require(path.join(__dirname, "..", "quality", "node_modules", "playwright-core"));

const QUERIES = [
  ["en", "contribution"],
  ["en", "hospital card"],
  ["fr", "cotisation"],
  ["km", "ភាគទាន"],
  ["km", "អ្នកប្រកបរបរខ្លួនឯង"],
  ["km", "សុខភាព"],
  ["km", "មន្ទីរពេទ្យ"],
  ["km", "សន្តិសុខសង្គម"],
  ["km", "ការចុះឈ្មោះ"],
];

async function once(browser, url, query, rate, pasted) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  await page.goto(url);
  await page.evaluate(() => {
    const input = document.querySelector("form.search-page input[type=search]");
    window.__bench = { last: 0, shown: [] };
    input.addEventListener("input", () => { window.__bench.last = performance.now(); }, true);
    const form = document.querySelector("form.search-page");
    new MutationObserver(() => {
      window.__bench.shown.push([form.dataset.shown, performance.now()]);
    }).observe(form, { attributes: true, attributeFilter: ["data-shown"] });
  });
  const times = [];
  for (let pass = 0; pass < (pasted ? 1 : 2); pass++) {
    const input = page.locator("form.search-page input[type=search]");
    await input.fill("");
    await page.evaluate(() => { window.__bench.shown = []; });
    if (pasted) await input.fill(query); else await input.pressSequentially(query, { delay: 150 });
    await page.waitForFunction((q) => {
      const b = window.__bench;
      return b.shown.some(([v, t]) => v === q && t >= b.last);
    }, query, { timeout: 60000 });
    times.push(await page.evaluate((q) => {
      const b = window.__bench;
      const at = b.shown.filter(([v, t]) => v === q && t >= b.last).map(([, t]) => t);
      return Math.min(...at) - b.last;
    }, query));
  }
  await page.close();
  return times;
}

async function main() {
  const site = path.resolve(process.argv[2] || "");
  const rate = Number(process.argv[3] || 4);
  if (!fs.existsSync(path.join(site, "en", "search", "index.html"))) {
    console.error("usage: node bench/search-latency.js SITE_DIR [RATE] (an --offline build with search)");
    process.exit(2);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "spean-latency-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--allow-file-access-from-files"],
  });
  console.log(`| language | query | first time (loads its files) | again (files loaded) | pasted whole (loads its files) |`);
  console.log(`|---|---|---|---|---|`);
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [lang, query] of QUERIES) {
    const first = [], again = [], pasted = [];
    const url = `file://${site}/${lang}/search/index.html`;
    for (let i = 0; i < 5; i++) {
      const [a, b] = await once(browser, url, query, rate, false);
      first.push(a); again.push(b);
      pasted.push((await once(browser, url, query, rate, true))[0]);
    }
    console.log(`| ${lang} | ${query} | ${median(first).toFixed(0)} ms | ${median(again).toFixed(0)} ms | ${median(pasted).toFixed(0)} ms |`);
  }
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
