#!/usr/bin/env node
// `npm run bench` (apps/docs): how soon a reader who follows a link to an operation sees it, in
// Debian's Chromium, against a baseline of the same run: the same Redoc build of a document with a
// single operation. The ratio is what our 16 operations, samples and introduction cost on top of
// Redoc itself; the milliseconds are this machine's (shared and noisy), for the record only.
// Each visit is a new browser context (nothing cached); the two pages alternate, 9 visits each.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const doc = JSON.parse(readFileSync(new URL("../dist/openapi.json", import.meta.url), "utf8"));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");

// The baseline: the document's first operation alone, built the same way.
const [path, item] = Object.entries(doc.paths)[0];
const [method, operation] = Object.entries(item).find(([, op]) => op?.operationId);
const tag = doc.tags.find((t) => t.name === operation.tags[0]);
const single = { ...doc, info: { ...doc.info, description: "One operation." }, tags: [tag], paths: { [path]: { [method]: { ...operation } } } };
const dir = mkdtempSync(join(tmpdir(), "docs-bench-"));
writeFileSync(join(dir, "single.json"), JSON.stringify(single));
execFileSync(
  process.execPath,
  [
    require.resolve("@redocly/cli/bin/cli.js"),
    "build-docs",
    join(dir, "single.json"),
    "--config",
    join(ROOT, "redocly.yaml"),
    "--inlineBundle",
    "-o",
    join(dir, "single.html"),
  ],
  { stdio: "ignore", env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
);
const pages = {
  "the docs page": readFileSync(new URL("../dist/index.html", import.meta.url)),
  "one operation": readFileSync(join(dir, "single.html")),
};
rmSync(dir, { recursive: true, force: true });

const server = createServer((req, res) => {
  const body = req.url?.startsWith("/single") ? pages["one operation"] : pages["the docs page"];
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(body);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
const base = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});

const route = `#/${slug(tag.name)}/${operation.operationId.toLowerCase()}`;
async function visit(url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(`${url}${route}`, { waitUntil: "commit" });
  await page.getByRole("heading", { name: operation.summary }).first().waitFor({ state: "visible", timeout: 60_000 });
  const visible = performance.now() - started;
  const fcp = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN);
  await context.close();
  return { visible, fcp };
}

const times = { "the docs page": [], "one operation": [] };
for (let round = 0; round < 9; round++) {
  for (const [name, url] of [
    ["the docs page", `${base}/`],
    ["one operation", `${base}/single`],
  ])
    times[name].push(await visit(url));
}
await browser.close();
server.close();

const stat = (name, key) => median(times[name].map((t) => t[key]));
const results = {
  date: new Date().toISOString().slice(0, 10),
  route,
  firstOperationVisibleMs: { docs: Math.round(stat("the docs page", "visible")), baseline: Math.round(stat("one operation", "visible")) },
  firstContentfulPaintMs: { docs: Math.round(stat("the docs page", "fcp")), baseline: Math.round(stat("one operation", "fcp")) },
  pageKb: { docs: Math.round(pages["the docs page"].length / 1024), baseline: Math.round(pages["one operation"].length / 1024) },
};
const ratio = (m) => (m.docs / m.baseline).toFixed(2);
console.log(
  `first operation visible after a link to it: ${ratio(results.firstOperationVisibleMs)}x the one-operation page (${results.firstOperationVisibleMs.docs} ms against ${results.firstOperationVisibleMs.baseline} ms)`,
);
console.log(
  `first contentful paint:                    ${ratio(results.firstContentfulPaintMs)}x (${results.firstContentfulPaintMs.docs} ms against ${results.firstContentfulPaintMs.baseline} ms)`,
);
console.log(`page size:                                 ${results.pageKb.docs} kB against ${results.pageKb.baseline} kB`);
writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
