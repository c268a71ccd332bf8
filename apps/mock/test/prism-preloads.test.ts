// What Prism's process loads before Prism: lazy-faker.ts (the faker Prism requires is the English one
// alone, and it still works; the whole package, every locale, loads only if something else of it is
// read) and orphan-guard.ts (Prism ends with the process that started it, even one killed outright).
import { execFile, execFileSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const PRELOAD = new URL("../dist/lazy-faker.js", import.meta.url).href;
const probe = `
const prism = require("@stoplight/prism-http");
const loaded = () => Object.keys(require.cache).filter((k) => /@faker-js.faker.dist.cjs.locales./.test(k)).map((k) => k.split(/locales./)[1].split(/[\\\\/]/)[0]);
const before = [...new Set(loaded())];
const faker = require("@faker-js/faker");
const name = faker.default.name.firstName();
const Faker = typeof faker.Faker;
console.log(JSON.stringify({ prism: typeof prism.createInstance, before, name, Faker, after: [...new Set(loaded())].length }));
`;

describe("Prism's faker", () => {
  it("is the English locale alone until more is asked for, and still makes data", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", PRELOAD, "-e", probe]);
    const seen = JSON.parse(stdout);
    expect(seen).toMatchObject({ prism: "function", before: ["en"], name: expect.stringMatching(/^\w+/), Faker: "function" });
    // Faker (the class) is not in the English module: reading it loaded the whole package.
    expect(seen.after).toBeGreaterThan(10);
  });
});

describe("Prism's life", () => {
  it("ends when the process that started it is killed (SIGKILL), leaving nothing to serve", async () => {
    const starter = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { startPrism } = await import(${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)}); const p = await startPrism(); console.log(p.url);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const url = await new Promise<string>((resolve) => starter.stdout.on("data", (chunk: Buffer) => resolve(String(chunk).trim())));
    // Prism's process, told by its port; looked at with ps only, since a request would make Prism write
    // a line to the closed pipe and end it for another reason.
    const port = new URL(url).port;
    const prism = () =>
      execFileSync("ps", ["-eo", "args="], { encoding: "utf8" })
        .split("\n")
        .filter((l) => l.includes("prism-cli") && l.includes(` -p ${port} `)).length;
    expect(prism()).toBe(1);
    starter.kill("SIGKILL");
    await expect.poll(prism, { timeout: 20_000, interval: 50 }).toBe(0);
  });
});
