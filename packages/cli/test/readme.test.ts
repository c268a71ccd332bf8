// The README says what dcs-migrate does: its plan validates, its example of validate's output is
// what validate prints for that plan's mistakes, and its table of exit codes is help.ts's.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/help.js";
import { cli } from "./run-cli.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] as string }));
const plan = blocks.find((b) => b.lang === "yaml")!.text;
const dir = mkdtempSync(join(tmpdir(), "cli-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { SOURCE_REDIS_PASSWORD: "source-secret", TARGET_REDIS_PASSWORD: "target-secret" };

describe("the README", () => {
  it("shows a plan that validates", async () => {
    writeFileSync(join(dir, "cutover.yaml"), plan);
    const run = await cli(["validate", join(dir, "cutover.yaml")], env);
    expect([run.code, run.stderr]).toEqual([0, expect.stringContaining("a valid plan of an online migration with an IP switch")]);
  });

  it("shows what validate prints for that plan with three mistakes", async () => {
    const shown = blocks
      .find((b) => b.lang === "text")!
      .text.trim()
      .split("\n");
    const mistaken = plan
      .replace("vpc_id:", "vpcid:")
      .replace("migration_method: incremental_migration", "migration_method: incremental")
      .replace("source_instance: { id: a9c7f3f0-1f0e-4b8f-9d65-3d1c0b0f8a11,", 'source_instance: { addrs: "10.0.0.5:6379",');
    writeFileSync(join(dir, "cutover.yaml"), mistaken);
    const run = await cli(["validate", join(dir, "cutover.yaml")], env);
    const printed = run.stderr.replaceAll(join(dir, "cutover.yaml"), "cutover.yaml");
    expect(run.code).toBe(2);
    for (const line of shown) expect(printed).toContain(line.replace(/^cutover\.yaml/, "cutover.yaml"));
  });

  it("lists the exit codes of dcs-migrate --help", () => {
    const rows = [...readme.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => [Number(m[1]), (m[2] as string).replace(/`/g, "")]);
    expect(rows).toEqual(EXIT_CODES.map(([code, meaning]) => [code, meaning]));
  });
});
