// The built page, in a real browser, served from 127.0.0.1 with no network behind it. Every test
// opens its own page, so none depends on what another did.
import { mkdirSync } from "node:fs";
import { openDocument } from "@dcs-migration/openapi/walker";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDocs } from "../src/serve.mjs";
import { launchChromium, skipBrowserTests } from "./chromium.js";

const { doc, operations } = openDocument();
const ops = operations().map((op) => ({
  operationId: op.operationId,
  path: op.path,
  summary: String(op.operation.summary),
  tag: String((op.operation.tags as string[])[0]),
  samples: op.operation["x-codeSamples"] as Array<{ lang: string; source: string }>,
}));
type Op = (typeof ops)[number];
const results = new URL("../test-results/", import.meta.url);

let browser: Browser;
let server: Awaited<ReturnType<typeof serveDocs>>;

beforeAll(async () => {
  if (skipBrowserTests) return;
  server = await serveDocs({ port: 0 });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page on the docs, with what it logs and requests, once the menu is there. */
async function openDocs() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  const started = Date.now();
  await page.goto(server.url, { waitUntil: "commit" });
  await menuItem(page, ops[0]!.tag).waitFor({ state: "visible", timeout: 20_000 });
  return { page, requests, consoleErrors, navigationMs: Date.now() - started };
}

const menuItem = (page: Page, text: string) => page.getByText(text, { exact: true }).first();
const visible = (locator: ReturnType<Page["locator"]>) => locator.waitFor({ state: "visible", timeout: 10_000 }).then(() => true);

/**
 * Opens an operation as a reader would: expand its tag in the menu if needed, click it. Redoc
 * scrolls its menu to the active item after each click, so a click can land while the list moves:
 * try again rather than wait out a long timeout.
 */
async function openOperation(page: Page, op: Op) {
  for (let attempt = 1; ; attempt++) {
    const item = menuItem(page, op.summary);
    try {
      if (!(await item.isVisible())) await menuItem(page, op.tag).click({ timeout: 5_000 });
      await item.click({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

describe.skipIf(skipBrowserTests)("the docs page (needs Chromium: see the notice above when skipped)", () => {
  it("shows every operation under its tag, with its TypeScript sample, logs no error and loads nothing from elsewhere", { timeout: 120_000 }, async () => {
    const { page, requests, consoleErrors, navigationMs } = await openDocs();
    expect(ops.length).toBe(16);
    // The tags tell the story, in the document's order.
    const tags = (doc.tags as Array<{ name: string }>).map((t) => t.name);
    expect(new Set(ops.map((o) => o.tag))).toEqual(new Set(tags));
    const positions = await Promise.all(tags.map(async (t) => (await menuItem(page, t).boundingBox())?.y ?? -1));
    expect(positions.every((y) => y >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const op of ops) {
      await openOperation(page, op);
      const heading = page
        .locator("h1, h2")
        .filter({ has: page.getByText(op.summary, { exact: true }) })
        .first();
      await expect(visible(heading), `${op.operationId} heading`).resolves.toBe(true);
      const sample = op.samples.find((s) => s.lang === "TypeScript");
      expect(sample, `${op.operationId} has no TypeScript sample`).toBeDefined();
      // The line that calls the operation, as the code panel shows it.
      const call = sample!.source
        .split("\n")
        .find((line) => line.includes(`"${op.path}"`))!
        .trim();
      await expect(visible(page.getByText(call, { exact: false }).first()), `${op.operationId}: ${call}`).resolves.toBe(true);
    }
    expect(consoleErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !/^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(url))).toEqual([]);
    // An artifact for people (CI keeps test-results/), and the speed a reader sees.
    mkdirSync(results, { recursive: true });
    await page.screenshot({ path: new URL("docs.png", results).pathname });
    console.log(`docs: menu visible after ${navigationMs} ms; screenshot in apps/docs/test-results/docs.png`);
  });

  it("introduces the API: how to run a migration, the regions, the task lifecycle and the errors, all from the document and the client", async () => {
    const { page } = await openDocs();
    await menuItem(page, "Run a migration").click();
    for (const call of [
      "waitForJob(client, created.job_id",
      "waitForIpExchange(client, taskId, { ...polling, rollback: true })",
      "deleteMigrationTasks(client, [taskId]",
    ]) {
      await expect(visible(page.getByText(call, { exact: false }).first()), call).resolves.toBe(true);
    }
    await menuItem(page, "Task lifecycle").click();
    await expect(page.locator('svg[aria-label="Migration task lifecycle"] rect').count()).resolves.toBeGreaterThan(10);
    await menuItem(page, "Errors").click();
    const text = (await page.locator("body").textContent()) ?? "";
    const regions = (doc.servers as Array<{ variables: { region: { enum: string[] } } }>)[0]!.variables.region.enum;
    for (const region of regions) expect(text).toContain(region);
    const { codes } = (doc.components as { schemas: Record<string, Record<string, { codes: Array<{ code: string; fix: string }> }>> }).schemas.ErrorResponse![
      "x-dcs-errors"
    ]!;
    expect(codes.length).toBeGreaterThan(40);
    for (const { code, fix } of codes) {
      expect(text, code).toContain(code);
      expect(text, `${code} fix`).toContain(fix);
    }
  });

  it("finds an operation by searching for it", async () => {
    const { page } = await openDocs();
    const target = ops.find((o) => o.operationId === "BatchRestartOnlineMigrationTasks")!;
    await page
      .getByText(/^Search/)
      .first()
      .click();
    await page.keyboard.type("restart");
    const hit = page.locator("[role=dialog], [data-component-name*='Search']").getByText(target.summary).first();
    await expect(visible(hit)).resolves.toBe(true);
  });
});
