import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error the generator is plain JavaScript
import { render } from "../scripts/generate.mjs";

describe("src/generated", () => {
  it("is exactly what the generator makes from the bundled document (never edited by hand, stable)", async () => {
    const first = (await render()) as Record<string, string>;
    const second = (await render()) as Record<string, string>;
    expect(second).toEqual(first);
    for (const [name, text] of Object.entries(first)) {
      expect(readFileSync(new URL(`../src/generated/${name}`, import.meta.url), "utf8"), `src/generated/${name}`).toBe(text);
    }
  });
});
