#!/usr/bin/env node
// dcs-migration-mock: serves Prism's stateless mock of the document, or with --sandbox the stateful
// sandbox, on 127.0.0.1 until Ctrl-C. A wrong flag names the flag, what it takes and the fix (exit 2).
import { renameSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { credentialsFromEnv } from "@dcs-migration/client";
import { startPrism } from "./prism.js";
import { type SandboxOptions, type Speed, startSandbox } from "./sandbox/index.js";
import { checkInstances } from "./sandbox/instances.js";
import { mockUsage, sandboxUsage } from "./usage.js";

const USAGE = `usage: dcs-migration-mock [--port P]                         Prism's stateless mock of the document
       dcs-migration-mock --sandbox [options] [--port P]       the stateful sandbox

  --port P               default 4010, or PORT; 0: any free port (the URL is printed)
  --sandbox              tasks that move through their statuses, behind Prism's validating proxy
  --speed N|manual       virtual time per real time (600: ten minutes a second; default 1), or manual
  --step MS              each API request moves the clock MS first (deterministic tests)
  --check-signatures     check AK/SK signatures as the gateway does, against CLOUD_SDK_AK and CLOUD_SDK_SK
  --deleted-readable MS  how long a deleted task still reads DELETED (default 60000)
  --url-file FILE        write the URL to FILE once it answers, for a script to wait on
                         (until [ -s FILE ]; do sleep 0.1; done)
  --instance ID=URL|spawn
                         back the DCS instance ID (or a self-hosted source's host:port) with a real
                         Redis: redis://[user:password@]host:port, or spawn (a redis-server of its
                         own); its address is printed. Repeatable`;

const fail = (message: string, code = 2): never => {
  console.error(`dcs-migration-mock: ${message}`);
  process.exit(code);
};

function parse() {
  return parseArgs({
    options: {
      sandbox: { type: "boolean" },
      speed: { type: "string" },
      step: { type: "string" },
      port: { type: "string" },
      "check-signatures": { type: "boolean" },
      "deleted-readable": { type: "string" },
      "url-file": { type: "string" },
      instance: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  }).values;
}
const args = (() => {
  try {
    return parse();
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
})();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const number = (flag: string, value: string, what: string, valid: (n: number) => boolean) => {
  const n = Number(value);
  if (value.trim() === "" || !valid(n)) fail(`--${flag} takes ${what}; got ${JSON.stringify(value)}`);
  return n;
};
// An empty PORT is no PORT (CI files often set it empty).
const portFlag = args.port ?? (process.env.PORT || undefined);
const port =
  portFlag === undefined
    ? 4010
    : number(
        args.port === undefined ? "port (PORT)" : "port",
        portFlag,
        "a port number from 0 (any free one) to 65535 (--port 4011)",
        (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
      );
const sandboxOnly = (["speed", "step", "check-signatures", "deleted-readable", "instance"] as const).filter((flag) => args[flag] !== undefined);
if (!args.sandbox && sandboxOnly.length)
  fail(`${sandboxOnly.map((f) => `--${f}`).join(", ")} ${sandboxOnly.length === 1 ? "is" : "are"} for the sandbox: add --sandbox`);

let running: { url: string; stop(): Promise<void> };
if (args.sandbox) {
  const speed: Speed =
    args.speed === undefined || args.speed === "manual"
      ? (args.speed ?? 1)
      : number("speed", args.speed, 'a positive number (600: ten minutes a second) or "manual"', (n) => n > 0 && Number.isFinite(n));
  const options: SandboxOptions = { port, speed };
  if (args.step !== undefined) options.stepMs = number("step", args.step, "a number of milliseconds >= 0", (n) => n >= 0 && Number.isFinite(n));
  if (args["deleted-readable"] !== undefined) {
    options.deletedReadableMs = number("deleted-readable", args["deleted-readable"], "a number of milliseconds >= 0", (n) => n >= 0 && Number.isFinite(n));
  }
  if (args.instance) {
    const instances: Record<string, string> = Object.create(null);
    for (const given of args.instance) {
      const at = given.indexOf("=");
      const [id, backing] = at > 0 ? [given.slice(0, at), given.slice(at + 1)] : [given, ""];
      if (!backing) fail(`--instance takes ID=URL or ID=spawn (--instance cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd=spawn); got ${JSON.stringify(id)}`);
      if (Object.hasOwn(instances, id)) fail(`--instance ${id} is given twice`);
      try {
        checkInstances({ [id]: backing });
      } catch (error) {
        // Said in the flag's terms, never quoting the URL (it may hold a password).
        fail(
          (error as Error).message.startsWith("`instances`:")
            ? `--instance: ${JSON.stringify(id)} is not a DCS instance ID nor a "host:port" (letters, digits, "-", ".", ":", "_")`
            : `--instance ${id}=...: give "spawn" or a Redis URL, redis://[user:password@]host:port (a port from 1 to 65535, no database)`,
        );
      }
      instances[id] = backing;
    }
    options.instances = instances;
  }
  if (args["check-signatures"]) {
    try {
      const { accessKeyId, secretAccessKey } = credentialsFromEnv();
      options.credentials = { accessKeyId, secretAccessKey };
    } catch (error) {
      fail(`--check-signatures: ${(error as Error).message}`);
    }
  }
  const sandbox = await startSandbox(options, { onFatal: (error) => fail(error.message.split("\n").at(-1) ?? error.message, 1) }).catch((error: Error) =>
    fail(error.message, 1),
  );
  console.log(sandboxUsage(sandbox, speed));
  for (const [id, { address, redisUrl }] of Object.entries(sandbox.instances)) {
    // The server without its credentials: a URL's password is never printed.
    const { host } = new URL(redisUrl);
    console.log(`  instance ${id}: connect to ${address} (the Redis at ${host}${options.instances?.[id] === "spawn" ? ", spawned" : ""})`);
  }
  if (options.credentials) console.log("  signatures are checked against the AK/SK of CLOUD_SDK_AK and CLOUD_SDK_SK");
  running = sandbox;
} else {
  const prism = await startPrism({ port, logLevel: "info" }).catch((error: Error) => fail(error.message, 1));
  console.log(mockUsage(prism.url));
  running = prism;
}
// Written whole (a new file renamed into place) and only now, when the URL answers: a script that
// waits for the file to be non-empty never reads half a URL, nor reaches a port that refuses.
const urlFile = args["url-file"];
if (urlFile !== undefined) {
  const { url } = running;
  try {
    writeFileSync(`${urlFile}.${process.pid}.tmp`, `${url}\n`);
    renameSync(`${urlFile}.${process.pid}.tmp`, urlFile);
  } catch (error) {
    await running.stop();
    fail(`--url-file ${urlFile}: cannot write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 1);
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await running.stop();
    process.exit(0);
  });
}
