#!/usr/bin/env node
// dcs-migrate: --version and --help load nothing they do not print; everything else loads main.js.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
// dcs-migrate --help | head -1: a reader that has gone is no error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});
const version = (): string => JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
if (args.length === 1 && args[0] === "--version") {
  process.stdout.write(`${version()}\n`);
} else if (args.length === 0 || (args.length === 1 && (args[0] === "--help" || args[0] === "-h"))) {
  const { mainHelp } = await import("./help.js");
  process.stdout.write(`${mainHelp(version())}\n`);
} else {
  const { main } = await import("./main.js");
  const code = await main(args, version());
  // Interrupted, the process ends now: a read it gave up on (a FIFO nobody writes to) would hold it.
  if (code === 130) process.exit(code);
  process.exitCode = code;
}
