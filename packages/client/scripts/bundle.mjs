#!/usr/bin/env node
// After tsc: each entry of the package becomes one ESM file (dist/index.js for browsers and edge
// runtimes, dist/index.node.js for Node), so an import loads one module of ours rather than a dozen.
// openapi-fetch stays a dependency of its own; the declarations tsc wrote stay as they are.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
/** @type {import("esbuild").BuildOptions} */
const common = { bundle: true, format: "esm", target: "es2022", external: ["openapi-fetch", "node:*"], legalComments: "none", logLevel: "warning" };
await build({ ...common, entryPoints: { index: "src/index.ts" }, outdir: dist, platform: "neutral" });
await build({ ...common, entryPoints: { "index.node": "src/index.node.ts" }, outdir: dist, platform: "node" });
// The operations as data, for the surfaces that call them by name: an entry of its own, so that
// no import of the client carries the manifest.
await build({ ...common, entryPoints: { operations: "src/operations.ts" }, outdir: dist, platform: "neutral" });

// The per-module JavaScript tsc wrote is now inside the two bundles: only the declarations stay.
const keep = new Set(["index.js", "index.node.js", "operations.js"]);
for (const file of readdirSync(dist, { recursive: true, encoding: "utf8" })) {
  if (file.endsWith(".js") && !keep.has(file) && !file.startsWith("examples/")) rmSync(join(dist, file));
}
