// What Prism's process loads before Prism: deferred-modules.ts (the modules Prism requires and a
// start never uses load when first used: the English faker alone for its default instance, the whole
// package if anything else of it is read; postman-collection) and orphan-guard.ts (Prism ends with
// the process that started it, even one killed outright).
import { execFile, execFileSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const PRELOAD = new URL("../dist/deferred-modules.js", import.meta.url).href;
const probe = `
const loaded = () => Object.keys(require.cache);
const locales = () => [...new Set(loaded().filter((k) => /@faker-js.faker.dist.cjs.locales./.test(k)).map((k) => k.split(/locales./)[1].split(/[\\\\/]/)[0]))];
const postman = () => loaded().some((k) => /node_modules.postman-collection./.test(k));
const prism = require("@stoplight/prism-http");
const spec = require("@stoplight/http-spec");
const atStart = { locales: locales(), postman: postman() };
const faker = require("@faker-js/faker");
const name = faker.default.name.firstName();
const named = locales();
const Faker = typeof faker.Faker;
const collection = new (require("postman-collection").Collection)({ info: { name: "probe" } }).toJSON().info.name;
console.log(JSON.stringify({ prism: typeof prism.createInstance, spec: typeof spec.transformOas3Operations, atStart, name, named, Faker, after: locales().length, collection, postman: postman() }));
`;

describe("the modules Prism requires and a start does not use", () => {
  it("load when first used: nothing of faker nor postman-collection at the start; the English faker alone for data; the whole package, or postman-collection, when asked for", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", PRELOAD, "-e", probe], { cwd: new URL("../", import.meta.url) });
    const seen = JSON.parse(stdout);
    expect(seen).toMatchObject({
      prism: "function",
      spec: "function",
      atStart: { locales: [], postman: false },
      name: expect.stringMatching(/^\w+/),
      named: ["en"],
      Faker: "function",
      collection: "probe",
      postman: true,
    });
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
