#!/usr/bin/env node
// Adds up vitest's "Tests  N passed | M failed" lines from an `npm test` log (one per package),
// and prints the total as one plain line: "N passed, M failed".
import { readFileSync } from "node:fs";

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes this strips.
const log = readFileSync(process.argv[2] ?? 0, "utf8").replace(/\x1b\[[0-9;]*m/g, "");
let passed = 0;
let failed = 0;
let skipped = 0;
for (const line of log.split("\n")) {
  const counts = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line)?.[1];
  if (!counts) continue;
  passed += Number(/(\d+) passed/.exec(counts)?.[1] ?? 0);
  failed += Number(/(\d+) failed/.exec(counts)?.[1] ?? 0);
  skipped += Number(/(\d+) skipped/.exec(counts)?.[1] ?? 0);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
