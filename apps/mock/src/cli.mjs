#!/usr/bin/env node
// dcs-migration-mock [--sandbox] [--speed N|manual] [--port P]: serves until Ctrl-C.
// Without --sandbox: Prism's stateless mock of the document. With it: the stateful sandbox behind
// Prism's validating proxy. PORT (or --port, default 4010) moves it; it listens on 127.0.0.1 only.
import { parseArgs } from "node:util";
import { startPrism } from "./prism.mjs";
import { startSandbox } from "./sandbox/index.mjs";
import { mockUsage, sandboxUsage } from "./usage.mjs";

const USAGE = "usage: dcs-migration-mock [--sandbox [--speed N|manual]] [--port P]";
let args;
try {
  args = parseArgs({
    options: { sandbox: { type: "boolean" }, speed: { type: "string" }, port: { type: "string" }, help: { type: "boolean", short: "h" } },
  }).values;
} catch (error) {
  console.error(`dcs-migration-mock: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(
    `${USAGE}\n  --sandbox  a stateful service (tasks move through their statuses) instead of the stateless mock\n  --speed    virtual time per real time for the sandbox (600: ten minutes a second), or manual\n  --port     default 4010, or PORT`,
  );
  process.exit(0);
}
const port = Number(args.port ?? process.env.PORT ?? 4010);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`dcs-migration-mock: invalid port "${args.port ?? process.env.PORT}"; give a number from 1 to 65535 (--port 4011)`);
  process.exit(2);
}
if (args.speed !== undefined && !args.sandbox) {
  console.error("dcs-migration-mock: --speed is for the sandbox: add --sandbox");
  process.exit(2);
}
const speed = args.speed === undefined ? 1 : args.speed === "manual" ? "manual" : Number(args.speed);

const fail = (error) => {
  console.error(`dcs-migration-mock: ${error.message}`);
  process.exit(1);
};
const running = args.sandbox ? await startSandbox({ port, speed }).catch(fail) : await startPrism({ port }).catch(fail);
if (args.sandbox) {
  console.log(sandboxUsage(running, speed));
} else {
  console.log(mockUsage(running.url));
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await running.stop();
    process.exit(0);
  });
}
