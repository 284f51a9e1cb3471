// Quality gates for a built spean site, run by test.sh (and so .ci/run) on the sample portal (and on a broken
// fixture, to show that each gate can fail):
//   html    the W3C Nu HTML Checker (vnu-jar, with Java) over every HTML file: no error
//   links   a crawl over file:// from the root index.html: every page reachable, every link and
//           asset resolving, no request to another host, no console error
//   csp     the same crawl: no page breaks its own Content-Security-Policy (no inline script or
//           style, nothing from another host)
//   axe     axe-core in Debian's Chromium on every page: no WCAG 2.x A/AA violation
//   weight  first-visit bytes (HTML + CSS + JS + fonts + images the page loads) and HTML bytes
//           of every page against quality/budgets.json, with a report of the heaviest pages
//   mobile  at 320 px wide no horizontal scrolling; Khmer pages render with the shipped font
//
// Usage: node quality/gates.js SITE_DIR [--only html,links,csp,axe,weight,mobile] [--report FILE]
// SITE_DIR must be an --offline build (links end in index.html). Exit code 1 on any failure.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const { chromium } = require("playwright-core");

const args = process.argv.slice(2);
const site = path.resolve(args[0] || "public");
const only = (args.includes("--only") ? args[args.indexOf("--only") + 1] : "html,links,csp,axe,weight,mobile").split(",");
const reportFile = args.includes("--report") ? args[args.indexOf("--report") + 1] : null;
const budgets = JSON.parse(fs.readFileSync(path.join(__dirname, "budgets.json"), "utf8"));
const failures = [];
const fail = (gate, where, what) => failures.push(`${gate}: ${where}: ${what}`);
const rel = (p) => path.relative(site, p);

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}

function htmlGate(files) {
  const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
  let output;
  try {
    output = execFileSync("java", ["-jar", jar, "--errors-only", "--format", "json", ...files], { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 });
  } catch (e) {
    output = e.stderr && e.stderr.length ? e.stderr : e.stdout;
  }
  const messages = JSON.parse(output.toString() || "{\"messages\":[]}").messages || [];
  for (const m of messages.filter((m) => m.type === "error")) {
    fail("html", `${rel(decodeURI(m.url.replace("file:", "")))}:${m.lastLine}`, m.message);
  }
  return messages.length;
}

(async () => {
  const files = htmlFiles(site);
  const report = [];
  if (only.includes("html")) {
    htmlGate(files);
    report.push(`html: ${files.length} files checked`);
  }
  if (!["links", "csp", "axe", "weight", "mobile"].some((g) => only.includes(g))) return finish(report);

  const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  let loaded = [];
  let consoleErrors = [];
  page.on("request", (r) => {
    const url = r.url();
    if (url.startsWith("file://")) loaded.push(decodeURI(url.slice(7).split("#")[0].split("?")[0]));
    else if (!url.startsWith("data:")) fail("links", "request", `to another host: ${url}`);
  });
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  const root = path.join(site, "index.html");
  const queue = [root];
  const seen = new Set();
  const weights = [];
  const searched = [];
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    loaded = [];
    consoleErrors = [];
    await page.goto("file://" + file, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    for (const e of consoleErrors) {
      if (/Content Security Policy/.test(e)) fail("csp", rel(file), e);
      else fail("links", rel(file), `console error: ${e}`);
    }
    const refs = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll("a[href], link[href], script[src], img[src], form[action]")) {
        out.push(el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("action"));
      }
      return out;
    });
    for (const ref of refs) {
      if (/^(https?:|mailto:|tel:|data:)/.test(ref)) continue;
      if (ref.startsWith("#")) continue;
      const target = decodeURI(path.resolve(path.dirname(file), ref.split("#")[0].split("?")[0]));
      if (!fs.existsSync(target) || fs.statSync(target).isDirectory()) {
        fail("links", rel(file), `broken link ${ref}`);
      } else if (target.endsWith(".html") && !seen.has(target)) {
        queue.push(target);
      }
    }
    if (only.includes("weight")) {
      const unique = [...new Set([file, ...loaded])].filter((f) => fs.existsSync(f));
      const first = unique.reduce((n, f) => n + fs.statSync(f).size, 0);
      const html = fs.statSync(file).size;
      weights.push({ page: rel(file), first, html });
      if (first > budgets.first_visit_kb * 1024) fail("weight", rel(file), `first visit ${(first / 1024).toFixed(1)} KB > ${budgets.first_visit_kb} KB`);
      if (html > budgets.html_kb * 1024) fail("weight", rel(file), `HTML ${(html / 1024).toFixed(1)} KB > ${budgets.html_kb} KB`);
    }
    if (only.includes("mobile")) {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      if (wide) fail("mobile", rel(file), "scrolls sideways at 320 px");
      const lang = await page.evaluate(() => document.documentElement.lang);
      if (lang === "km") {
        const font = await page.evaluate(() => document.fonts.check('16px "Noto Sans Khmer"', "ក"));
        const fetched = loaded.some((f) => f.includes("noto-sans-khmer"));
        if (!font || !fetched) fail("mobile", rel(file), "Khmer text does not use the shipped Noto Sans Khmer");
      }
    }
    if (only.includes("axe")) {
      // Evaluated through the DevTools protocol: an inline <script> tag would (rightly) be
      // refused by the page's Content-Security-Policy.
      await page.evaluate(axeSource);
      const result = await page.evaluate(async () => axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }));
      for (const v of result.violations) fail("axe", rel(file), `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
      // A search page again with results shown (and "More results", and "Did you mean"):
      // what a reader meets there is checked too, not only the empty page.
      if (await page.evaluate(() => !!document.querySelector("form.search-page"))) {
        const query = { km: "សុខភាព", en: "helth care", fr: "santé" }[await page.evaluate(() => document.documentElement.lang)] || "a";
        await page.goto("file://" + file + "?q=" + encodeURIComponent(query), { waitUntil: "load" });
        await page.waitForFunction(() => document.querySelector("#search-status") && document.querySelector("#search-status").textContent && document.querySelector("#search-status").textContent !== document.querySelector("form.search-page").dataset.loading, null, { timeout: 60000 });
        await page.evaluate(axeSource);
        const shown = await page.evaluate(async () => axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }));
        for (const v of shown.violations) fail("axe", rel(file) + "?q=" + query, `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
        if (only.includes("mobile") && await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)) fail("mobile", rel(file) + "?q=" + query, "scrolls sideways at 320 px");
        searched.push(`${rel(file)}?q=${query} (${await page.evaluate(() => document.querySelectorAll("#search-results li").length)} results shown)`);
      }
    }
  }
  for (const file of files) {
    const name = path.basename(file);
    if (!seen.has(file) && name !== "404.html" && name !== "README.html") fail("links", rel(file), "not reachable from index.html");
  }
  if (only.includes("mobile")) {
    const km = path.join(site, "km", "index.html");
    if (fs.existsSync(km)) {
      await page.goto("file://" + km);
      await page.evaluate(() => document.fonts.ready);
      const shot = path.join(reportFile ? path.dirname(reportFile) : site, "phone-km.png");
      await page.screenshot({ path: shot, fullPage: false });
      report.push(`mobile: screenshot of km/index.html at 320 px: ${shot}`);
    }
  }
  await browser.close();
  report.push(`links: ${seen.size} pages crawled from index.html`);
  if (only.includes("axe")) report.push(`axe: search pages with results: ${searched.join(", ") || "none"}`);
  if (only.includes("weight")) {
    weights.sort((a, b) => b.first - a.first);
    report.push(`weight: budgets first visit ${budgets.first_visit_kb} KB, HTML ${budgets.html_kb} KB; heaviest pages:`);
    for (const w of weights.slice(0, 10)) report.push(`  ${(w.first / 1024).toFixed(1)} KB first visit, ${(w.html / 1024).toFixed(1)} KB HTML  ${w.page}`);
  }
  finish(report);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});

function finish(report) {
  const text = [...report, "", ...(failures.length ? failures : ["all gates passed"]), `${failures.length ? "FAILED" : "passed"}: ${only.join(", ")}`].join("\n");
  console.log(text);
  if (reportFile) fs.writeFileSync(reportFile, text + "\n");
  process.exit(failures.length ? 1 : 0);
}
