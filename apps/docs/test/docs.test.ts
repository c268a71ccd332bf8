// The built page as a user reads it, in a real browser, served from 127.0.0.1 with no network behind
// it: the getting started first (how to install, start the sandbox, run a migration), the rest of
// the introduction, every operation of the document (counted from it) reached by its link with its
// effect, when it is allowed, and its three samples; search, by name and by when an operation is
// allowed; code blocks that fit their column at 1280 and 1440 px; no console error, nothing loaded
// from elsewhere. The tests share one page, loaded once (a load and Redoc's hydration cost Chromium
// some 6 s of CPU, more than most tests' own work); each test first puts it back where a reader
// arrives (its width, the top, no search open), so none depends on what another left. How soon an
// operation shows: `npm run bench`.
import { mkdirSync } from "node:fs";
import { openDocument } from "@dcs-migration/openapi/walker";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDocs } from "../src/serve.mjs";
import { launchChromium, skipBrowserTests } from "./chromium.js";

const { doc, operations } = openDocument();
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
const ops = operations().map((op) => ({
  operationId: op.operationId,
  method: op.method,
  path: op.path,
  summary: String(op.operation.summary),
  tag: String((op.operation.tags as string[])[0]),
  effect: String(op.operation["x-dcs-effect"]),
  allowed: op.operation["x-dcs-allowed-statuses"] as { status: string[] } | undefined,
  samples: op.operation["x-codeSamples"] as Array<{ lang: string; source: string }>,
}));
type Op = (typeof ops)[number];
const LANGS = ["TypeScript", "curl", "HTTP"];
const results = new URL("../test-results/", import.meta.url);

let browser: Browser;
let server: Awaited<ReturnType<typeof serveDocs>>;
/** The page every test reads, with everything it has requested and logged as an error since it loaded. */
let shared: { page: Page; requests: string[]; consoleErrors: string[] };

beforeAll(async () => {
  if (skipBrowserTests) return;
  server = await serveDocs({ port: 0 });
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  shared = { page, requests: [], consoleErrors: [] };
  page.on("request", (r) => shared.requests.push(r.url()));
  page.on("console", (m) => m.type() === "error" && shared.consoleErrors.push(m.text()));
  page.on("pageerror", (e) => shared.consoleErrors.push(String(e)));
  await page.goto(server.url, { waitUntil: "commit" });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * The page as a reader arrives at it, `width` px wide: no search open, no section in the address
 * (a change of the fragment alone, which Redoc follows without loading the page again), at the top.
 */
async function open(width = 1440) {
  const { page } = shared;
  await page.keyboard.press("Escape");
  await page.setViewportSize({ width, height: 1000 });
  await page.evaluate(() => {
    if (location.hash) location.hash = "";
    window.scrollTo(0, 0);
  });
  return shared;
}

const visible = (locator: ReturnType<Page["locator"]>) => locator.waitFor({ state: "visible", timeout: 10_000 }).then(() => true);
/** The first line of a sample that names the operation's path, as the code panel shows it. */
const callLine = (op: Op, lang: string) =>
  op.samples
    .find((s) => s.lang === lang)!
    .source.split("\n")
    .find((line) => line.includes(lang === "TypeScript" ? `"${op.path}"` : `${op.method} `) || line.startsWith("curl "))!
    .trim();

/** The button of the section's samples panel that names the language it shows and opens its menu. */
const languageButton = (section: ReturnType<Page["locator"]>) =>
  // CSS, not getByRole: a role query computes the accessibility tree of Redoc's whole page, which
  // cost most of this test's CPU; the elements are the same.
  section
    .locator('button, [role="button"]')
    .filter({ hasText: new RegExp(`^\\s*(${LANGS.join("|")})\\s*$`), visible: true })
    .first();

/** Shows the section's sample in `lang`: its samples panel's language menu, then the language. */
async function showSample(page: Page, section: ReturnType<Page["locator"]>, lang: string) {
  const current = languageButton(section);
  if ((await current.textContent())?.trim() === lang) return;
  await current.click();
  // The menu opens in a layer of its own, outside the section.
  await page
    .locator('[role="menuitem"]')
    .filter({ hasText: new RegExp(`^\\s*${lang}\\s*$`), visible: true })
    .first()
    .click();
}

describe.skipIf(skipBrowserTests)("the docs page (needs Chromium: see the notice above when skipped)", () => {
  it("reads as a user reads it: the getting started first (install, start the sandbox, run a migration), then the rest of the introduction, every code block fitting its column at 1280 and 1440 px; no console error, nothing loaded from elsewhere", async () => {
    const { page, requests, consoleErrors } = await open(1280);
    await expect(visible(page.getByRole("heading", { name: "Getting started" }).first())).resolves.toBe(true);
    const text = (await page.locator("body").innerText()).replace(/\s+/g, " ");
    for (const words of ["npm install @dcs-migration/client @dcs-migration/mock", "startSandbox", "dcs-migration-mock --sandbox", "DCS_REGION"]) {
      expect(text, words).toContain(words);
    }
    // It comes before anything else the page says.
    const tops = await Promise.all(
      ["Getting started", "Run a migration", "Errors"].map(async (name) => (await page.getByRole("heading", { name }).first().boundingBox())?.y ?? -1),
    );
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
    // The chapters in the menu are the document's tags, in its order.
    const tags = (doc.tags as Array<{ name: string }>).map((t) => t.name);
    const menu = await Promise.all(tags.map(async (t) => (await page.getByText(t, { exact: true }).first().boundingBox())?.y ?? -1));
    expect(menu.every((y) => y >= 0) && [...menu].sort((a, b) => a - b).join() === menu.join(), `menu order ${menu}`).toBe(true);

    // No code block is cut: each wraps in its column, at either width.
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 1000 });
      const blocks = await page
        .locator("pre")
        .evaluateAll((pres) =>
          pres.map((pre) => ({ text: (pre.textContent ?? "").slice(0, 50), cut: pre.scrollWidth - pre.clientWidth, right: pre.getBoundingClientRect().right })),
        );
      expect(blocks.length).toBeGreaterThan(5);
      expect(
        blocks.filter((b) => b.cut > 1 || b.right > width),
        `at ${width} px`,
      ).toEqual([]);
    }

    // The rest of the introduction, from the document and the client: running a migration, the
    // command line, the regions, the task lifecycle and every error of the catalogue with its fix.
    await page.getByText("Run a migration", { exact: true }).first().click();
    for (const call of [
      "waitForJob(client, created.job_id",
      "waitForIpExchange(client, taskId, { ...polling, rollback: true })",
      "deleteMigrationTasks(client, [taskId]",
    ]) {
      await expect(visible(page.getByText(call, { exact: false }).first()), call).resolves.toBe(true);
    }
    await page.getByText("Task lifecycle", { exact: true }).first().click();
    await expect(page.locator('svg[aria-label="Migration task lifecycle"] rect').count()).resolves.toBeGreaterThan(10);
    await page.getByText("Errors", { exact: true }).first().click();
    const all = (await page.locator("body").textContent()) ?? "";
    expect(all).toContain("dcs-migrate run PLAN");
    const regions = (doc.servers as Array<{ variables: { region: { enum: string[] } } }>)[0]!.variables.region.enum;
    for (const region of regions) expect(all).toContain(region);
    const { codes } = (doc.components as { schemas: Record<string, Record<string, { codes: Array<{ code: string; fix: string }> }>> }).schemas.ErrorResponse![
      "x-dcs-errors"
    ]!;
    expect(codes.length).toBeGreaterThan(40);
    for (const { code, fix } of codes) {
      expect(all, code).toContain(code);
      expect(all, `${code} fix`).toContain(fix);
    }

    expect(consoleErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !/^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(url))).toEqual([]);
    mkdirSync(results, { recursive: true });
    await page.screenshot({ path: new URL("docs.png", results).pathname });
  });

  it(`shows each of the document's ${ops.length} operations at its link: its effect, when it is allowed, and its TypeScript, curl and HTTP samples`, {
    timeout: 120_000,
  }, async () => {
    expect(ops.length).toBe(operations().length);
    const { page, consoleErrors } = await open();
    for (const op of ops) {
      await page.goto(`${server.url}#/${slug(op.tag)}/${op.operationId.toLowerCase()}`);
      const section = page.locator(`[data-section-id="/${slug(op.tag)}/${op.operationId.toLowerCase()}"]`).first();
      await expect(visible(section.getByRole("heading", { name: op.summary }).first()), `${op.operationId} heading`).resolves.toBe(true);
      // Waited for, not read once: Redoc may render the section again after the heading shows (a
      // loaded machine once read it empty in that moment).
      await expect(visible(section.getByText(`Effect: ${op.effect}.`, { exact: false }).first()), `${op.operationId} effect`).resolves.toBe(true);
      if (op.allowed) {
        await expect(
          visible(section.getByText(`Allowed when the task's status is ${op.allowed.status.join(", ")}`, { exact: false }).first()),
          `${op.operationId} allowed when`,
        ).resolves.toBe(true);
      }
      // The language shown first, then the two others: each switch is two clicks and a render.
      const shown = (await languageButton(section).textContent())?.trim() ?? "";
      expect(LANGS, `${op.operationId} shows a language of its own`).toContain(shown);
      for (const lang of [shown, ...LANGS.filter((l) => l !== shown)]) {
        await showSample(page, section, lang);
        await expect(
          visible(section.getByText(callLine(op, lang), { exact: false }).first()),
          `${op.operationId} ${lang}: ${callLine(op, lang)}`,
        ).resolves.toBe(true);
      }
    }
    expect(consoleErrors).toEqual([]);
  });

  it("finds an operation by what it is called, and by when it is allowed", async () => {
    const { page } = await open();
    const search = async (words: string) => {
      await page
        .getByText(/^Search/)
        .first()
        .click();
      await page.keyboard.type(words);
    };
    const hit = (op: Op) => page.locator("[data-component-name='Search/SearchItem']").filter({ hasText: op.summary }).first();
    const restart = ops.find((o) => o.operationId === "BatchRestartOnlineMigrationTasks")!;
    await search("restart");
    await expect(visible(hit(restart))).resolves.toBe(true);
    await page.keyboard.press("Escape");
    // An operation a task's status can refuse says when it is allowed, and the search finds it there.
    const rollback = ops.find((o) => o.operationId === "RollbackExchangeInstanceIp")!;
    expect(rollback.allowed).toBeDefined();
    await search("Allowed when");
    await expect(visible(hit(rollback))).resolves.toBe(true);
    expect(await hit(rollback).innerText()).toMatch(/Allowed when/i);
  });
});
