// Prism's process starts with lazy-faker.ts: the faker Prism requires is the English one alone, and
// it still works; the whole package (every locale) loads only if something else of it is read.
import { execFile } from "node:child_process";
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
