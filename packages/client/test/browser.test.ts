// The browser entry (dist/index.js, signing with WebCrypto) in a real browser: for a few hundred
// random requests, the signatures Chromium computes equal the Node entry's (node:crypto). The entry
// is served from 127.0.0.1, where WebCrypto is available as in any secure context.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RequestToSign, signRequest } from "../src/index.node.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ENTRY = readFileSync(new URL("../dist/index.js", import.meta.url), "utf8");
// The entry leaves openapi-fetch to the page's bundler: an import map stands for one here.
const OPENAPI_FETCH = readFileSync(fileURLToPath(import.meta.resolve("openapi-fetch")), "utf8");
const KEY = { accessKeyId: "HPUAEXAMPLEAK0000001", secretAccessKey: "browser-test-sk-0123456789" };

let server: Server;
let browser: Browser;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/index.js" || req.url === "/openapi-fetch.js") {
      res.writeHead(200, { "Content-Type": "text/javascript" });
      res.end(req.url === "/index.js" ? ENTRY : OPENAPI_FETCH);
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end('<!doctype html><title>signing</title><script type="importmap">{"imports":{"openapi-fetch":"/openapi-fetch.js"}}</script>');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // Installed by scripts/setup.mjs, which npm test runs first: missing, this fails rather than skips.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A seeded generator, so that a failing request can be found again. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  // Reserved and unreserved characters, spaces, percent signs and letters outside ASCII: what the
  // canonical request escapes, or does not.
  const CHARS = "abcXYZ019-_.~ !*'();:@&=+$,/?#[]%éü漢字😀";
  const text = (max: number) => Array.from({ length: Math.floor(next() * max) }, () => pick([...CHARS])).join("");
  return { next, pick, text };
}

function requests(count: number, seed: number): Array<RequestToSign & { date: Date }> {
  const r = random(seed);
  return Array.from({ length: count }, () => {
    const path = Array.from({ length: 1 + Math.floor(r.next() * 4) }, () => encodeURIComponent(r.text(12)) || "x").join("/");
    const query = Array.from({ length: Math.floor(r.next() * 3) }, () => `${encodeURIComponent(r.text(6))}=${encodeURIComponent(r.text(8))}`).join("&");
    const headers: Record<string, string> = { "Content-Type": "application/json", "X-Project-Id": r.text(10).replace(/[^\x20-\x7e]/g, "p") || "p" };
    if (r.next() < 0.5) headers["X-Extra-Header"] = r.text(16).replace(/[^\x21-\x7e]/g, "h") || "h";
    return {
      method: r.pick(["GET", "POST", "PUT", "DELETE"]),
      url: `https://dcs.cn-north-4.myhuaweicloud.com/v2/${path}${query ? `?${query}` : ""}`,
      headers,
      body: r.next() < 0.6 ? JSON.stringify({ name: r.text(40), n: Math.floor(r.next() * 1e6) }) : undefined,
      date: new Date(Date.UTC(2026, 0, 1) + Math.floor(r.next() * 3e10)),
    };
  });
}

it("signs 300 random requests in Chromium exactly as the Node entry does", { timeout: 60_000 }, async () => {
  const cases = requests(300, 20261203);
  const expected = await Promise.all(cases.map(async (request) => (await signRequest(request, KEY)).headers));
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  // The browser build, as a page imports it (a module script: the test's own code is transformed by vitest).
  await page.addScriptTag({ type: "module", content: 'import { signRequest } from "/index.js"; window.signRequest = signRequest;' });
  await page.waitForFunction(() => "signRequest" in window, undefined, { timeout: 10_000 }).catch(() => expect(errors).toEqual([]));
  const signed = await page.evaluate(
    async ({ cases, key }) => {
      const sign = (window as unknown as { signRequest: typeof signRequest }).signRequest;
      return Promise.all(cases.map(async (request) => (await sign({ ...request, date: new Date(request.date) }, key)).headers));
    },
    { cases: cases.map((c) => ({ ...c, date: c.date.toISOString() })), key: KEY },
  );
  await page.close();
  expect(errors).toEqual([]);
  expect(signed).toHaveLength(300);
  expect(signed).toEqual(expected);
});
