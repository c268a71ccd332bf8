// The browser entry must never reach a `node:` module; the node entry must use node:crypto.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** Every module specifier reachable from an entry of src/, following relative imports. */
function graph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: URL) => {
    const source = readFileSync(file, "utf8");
    for (const [, spec] of source.matchAll(/(?:import|export)[^"']*?from\s*["']([^"']+)["']/g)) {
      if (!spec) continue;
      if (!spec.startsWith(".")) {
        seen.add(spec);
        continue;
      }
      const next = new URL(spec.replace(/\.js$/, ".ts"), file);
      if (!seen.has(next.href) && existsSync(next)) {
        seen.add(next.href);
        visit(next);
      }
    }
  };
  visit(new URL(`../src/${entry}`, import.meta.url));
  return seen;
}

describe("entry points", () => {
  it("the browser entry imports nothing from node:", () => {
    const modules = [...graph("index.ts")];
    expect(modules.filter((m) => m.startsWith("node:"))).toEqual([]);
    expect(modules).toContain("openapi-fetch");
  });

  it("the node entry signs with node:crypto", () => {
    expect([...graph("index.node.ts")]).toContain("node:crypto");
  });
});
