// The built page, in a real browser, served from 127.0.0.1 with no network behind it.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDocs } from "../src/serve.mjs";
import { launchChromium, skipBrowserTests } from "./chromium.js";

interface Operation {
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  "x-codeSamples": Array<{ lang: string; source: string }>;
}

const require = createRequire(import.meta.url);
const doc = JSON.parse(readFileSync(require.resolve("@dcs-migration/openapi/openapi.json"), "utf8"));
const ops: Operation[] = Object.entries<Record<string, Operation>>(doc.paths).flatMap(([path, item]) =>
  ["get", "put", "post", "delete", "patch"].filter((m) => item[m]).map((m) => ({ ...item[m]!, path })),
);
const results = new URL("../test-results/", import.meta.url);

let browser: Browser;
let page: Page;
let server: Awaited<ReturnType<typeof serveDocs>>;
const requests: string[] = [];
const consoleErrors: string[] = [];
const timings: Record<string, number> = {};

const menuItem = (text: string) => page.getByText(text, { exact: true }).first();
const visible = (locator: ReturnType<Page["locator"]>) => locator.waitFor({ state: "visible", timeout: 10_000 }).then(() => true);

/** Opens an operation as a reader would: expand its tag in the menu if needed, click it. */
async function openOperation(op: Operation) {
  const item = menuItem(op.summary);
  if (!(await item.isVisible())) await menuItem(op.tags[0]!).click();
  await item.click();
}

beforeAll(async () => {
  if (skipBrowserTests) return;
  server = await serveDocs({ port: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  const started = Date.now();
  await page.goto(server.url, { waitUntil: "commit" });
  await menuItem(ops[0]!.tags[0]!).waitFor({ state: "visible", timeout: 20_000 });
  timings.navigation = Date.now() - started;
  await menuItem(ops[0]!.tags[0]!).click();
  await menuItem(ops[0]!.summary).waitFor({ state: "visible", timeout: 20_000 });
  timings.firstOperation = Date.now() - started;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(skipBrowserTests)("the docs page (needs Chromium: see the notice above when skipped)", () => {
  it("shows every operation of the bundled document, with its summary and its TypeScript sample", async () => {
    expect(ops.length).toBeGreaterThanOrEqual(5);
    for (const op of ops) {
      await openOperation(op);
      const heading = page.locator("h1, h2").filter({ has: page.getByText(op.summary, { exact: true }) }).first();
      await expect(visible(heading), `${op.operationId} heading`).resolves.toBe(true);
      const sample = op["x-codeSamples"].find((s) => s.lang === "TypeScript");
      expect(sample, `${op.operationId} has no TypeScript sample`).toBeDefined();
      // The line that calls the operation, as the code panel shows it.
      const call = sample!.source.split("\n").find((line) => line.includes(`"${op.path}"`))!.trim();
      await expect(visible(page.getByText(call, { exact: false }).first()), `${op.operationId}: ${call}`).resolves.toBe(true);
    }
  });

  it("draws the task lifecycle and lists the regions, from the document", async () => {
    await menuItem("Task lifecycle").click();
    await expect(page.locator('svg[aria-label="Migration task lifecycle"] rect').count()).resolves.toBeGreaterThan(10);
    const text = await page.locator("body").innerText();
    for (const region of doc.servers[0].variables.region.enum) expect(text).toContain(region);
  });

  it("finds an operation by searching for it", async () => {
    const target = ops.find((o) => o.operationId === "BatchStopMigrationTasks")!;
    await page.getByText(/^Search/).first().click();
    await page.keyboard.type("batch");
    const hit = page.locator("[role=dialog], [data-component-name*='Search']").getByText(target.summary).first();
    await expect(visible(hit)).resolves.toBe(true);
    await page.keyboard.press("Escape");
  });

  it("logs no console error, and sends no request beyond 127.0.0.1", () => {
    expect(consoleErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !/^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(url))).toEqual([]);
  });

  it("saves a screenshot and reports how fast the operations appear", async () => {
    mkdirSync(results, { recursive: true });
    await openOperation(ops.find((o) => o.operationId === "ShowMigrationTask")!);
    await page.waitForTimeout(300);
    const file = new URL("docs.png", results);
    await page.screenshot({ path: file.pathname });
    console.log(`docs: navigation visible after ${timings.navigation} ms, first operation after ${timings.firstOperation} ms; screenshot at ${file.pathname}`);
    expect(readFileSync(file).subarray(1, 4).toString()).toBe("PNG");
    expect(timings.firstOperation).toBeGreaterThan(0);
  });
});
