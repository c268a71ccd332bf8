#!/usr/bin/env node
// The compiler of every build and of the type check: TypeScript 7 (the native one, the devDependency
// `typescript7`), single-threaded. It emits what TypeScript 5.9 emits here, for about a seventh of the
// CPU, and npm test is bound by the CPU of 2 cores: so are its extra checker threads, which cost
// twice the CPU for no shorter wait. `typescript` stays 5.9 for what uses its API (openapi-typescript,
// attw, knip) and for the end-to-end checks that compile against the packed packages as users do.
// Both packages name their bin `tsc`, so which one node_modules/.bin/tsc is depends on npm: every
// script calls this file instead.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve("typescript7/package.json")), "bin", "tsc");
const { status, signal, error } = spawnSync(process.execPath, [bin, "--singleThreaded", ...process.argv.slice(2)], { stdio: "inherit" });
if (error) throw error;
process.exit(status ?? (signal ? 1 : 0));
