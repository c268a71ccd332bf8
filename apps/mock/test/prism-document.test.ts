// The document Prism reads (dist/prism-document.json, written by the build) is the bundled one
// without its prose: everything it keeps is the bundled document's, at the same place; what it
// leaves out is descriptions, external docs and x- extensions, never a schema property or an
// example's field that happens to be called that.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const require = createRequire(import.meta.url);
const bundled = JSON.parse(readFileSync(require.resolve("@dcs-migration/openapi/openapi.json"), "utf8")) as Json;
const prism = JSON.parse(readFileSync(new URL("../dist/prism-document.json", import.meta.url), "utf8")) as Json;

const isObject = (value: Json | undefined): value is { [key: string]: Json } => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every key the bundled document has at some place and Prism's lacks there, by its JSON pointer. */
function missing(full: Json, kept: Json | undefined, at = ""): string[] {
  if (Array.isArray(full)) return full.flatMap((item, i) => missing(item, Array.isArray(kept) ? kept[i] : undefined, `${at}/${i}`));
  if (!isObject(full)) return [];
  return Object.entries(full).flatMap(([key, value]) => (isObject(kept) && key in kept ? missing(value, kept[key], `${at}/${key}`) : [`${at}/${key}`]));
}

/** Every place where Prism's document has something the bundled one has not, or not so. */
function added(kept: Json, full: Json | undefined, at = ""): string[] {
  if (Array.isArray(kept)) {
    if (!Array.isArray(full) || full.length !== kept.length) return [at];
    return kept.flatMap((item, i) => added(item, full[i], `${at}/${i}`));
  }
  if (isObject(kept)) {
    if (!isObject(full)) return [at];
    return Object.entries(kept).flatMap(([key, value]) => added(value, full[key], `${at}/${key}`));
  }
  return kept === full ? [] : [at];
}

describe("the document Prism reads", () => {
  const left = missing(bundled, prism);

  it("keeps nothing the bundled document does not have, at the same place", () => {
    expect(added(prism, bundled)).toEqual([]);
  });

  it("leaves out descriptions, external docs and x- extensions only", () => {
    expect(left.length).toBeGreaterThan(100);
    expect(left.filter((pointer) => !/\/(description|externalDocs|x-[\w-]+)$/.test(pointer))).toEqual([]);
  });

  it("keeps a property called description, and the description field of an example, whole", () => {
    const named = (pointer: string) => /\/properties\/description$/.test(pointer) || /\/(example|examples|value|default)\/.*description$/.test(pointer);
    const all: string[] = [];
    const walk = (node: Json, at: string) => {
      if (Array.isArray(node)) for (const [i, item] of node.entries()) walk(item, `${at}/${i}`);
      else if (isObject(node))
        for (const [key, value] of Object.entries(node)) {
          if (named(`${at}/${key}`)) all.push(`${at}/${key}`);
          walk(value, `${at}/${key}`);
        }
    };
    walk(bundled, "");
    expect(all.length).toBeGreaterThan(3);
    expect(left.filter((pointer) => all.includes(pointer))).toEqual([]);
  });

  it("is at most half the bundled document", () => {
    expect(JSON.stringify(prism).length).toBeLessThan(JSON.stringify(bundled).length / 2);
  });
});
