#!/usr/bin/env node
// dcs-migration-rehearse: a cutover rehearsed on real data (run.ts), its figures printed. Exit 0
// when every key was copied and no acknowledged write was lost, 7 when data was lost (as
// dcs-migrate's verify), 1 when the rehearsal could not run, 2 for a wrong flag.
import { parseArgs } from "node:util";
import { checkInstances } from "../sandbox/instances.js";
import { redactor } from "./redact.js";
import { type Rehearsal, RehearsalError, rehearse, seconds } from "./run.js";

const USAGE = `usage: dcs-migration-rehearse [--keys N] [--write-rate N] [--hold S] [--json]

A sandbox with two DCS instances backed by Redis servers, N keys loaded into the source, an
application writing to the source's address throughout, an incremental migration, and the IP
switch. Prints the keys copied, the copy's duration, the cutover gap (how long writes through the
source's address failed during the switch) and the acknowledged writes lost (which must be 0).

  --keys N         keys of mixed types loaded into the source first (default 100000; 0 to 10000000)
  --write-rate N   the application's writes a second (default 200; 1 to 10000)
  --hold S         seconds the sync carries the writes before the switch, and writing goes on after
                   it (default 2; 0 to 600)
  --json           the figures as one JSON object on stdout

The servers are redis-servers of its own (from PATH) unless REHEARSAL_SOURCE_URL and
REHEARSAL_TARGET_URL name others (redis://[user:password@]host:port): the target's data is
replaced by the source's, and the writer writes rehearsal:write:<n> keys to the source.`;

const fail = (message: string, code = 2): never => {
  console.error(`dcs-migration-rehearse: ${message}`);
  process.exit(code);
};

const args = (() => {
  try {
    return parseArgs({
      options: {
        keys: { type: "string" },
        "write-rate": { type: "string" },
        hold: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
})();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const whole = (flag: string, value: string | undefined, fallback: number, max: number, min = 0) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) fail(`--${flag} takes a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`);
  return n;
};
const keys = whole("keys", args.keys, 100_000, 10_000_000);
const writesPerSecond = whole("write-rate", args["write-rate"], 200, 10_000, 1);
const syncMs = whole("hold", args.hold, 2, 600) * 1000;
// Given by the environment, never a flag: a URL may hold a password, and flags show in `ps`.
const given = { source: process.env.REHEARSAL_SOURCE_URL || undefined, target: process.env.REHEARSAL_TARGET_URL || undefined };
if (Boolean(given.source) !== Boolean(given.target))
  fail("REHEARSAL_SOURCE_URL and REHEARSAL_TARGET_URL go together: set both, or neither to spawn both servers");
for (const [name, url] of [
  ["REHEARSAL_SOURCE_URL", given.source],
  ["REHEARSAL_TARGET_URL", given.target],
] as const) {
  if (url === undefined) continue;
  try {
    checkInstances({ [name]: url });
  } catch {
    // Never quoted: it may hold a password.
    fail(`${name} is redis://[user:password@]host:port (a port from 1 to 65535, no database): check it`);
  }
}
if (given.source && given.target && new URL(given.source).host === new URL(given.target).host) {
  fail("REHEARSAL_SOURCE_URL and REHEARSAL_TARGET_URL name the same server: a server cannot be migrated into itself");
}

const redact = redactor([given.source, given.target]);
const say = args.json ? () => {} : (line: string) => console.error(`rehearse: ${line}`);
// Interrupted: the rehearsal stops its writer and its sandbox (which detaches a given target and
// removes the servers it spawned), then exits 130 (Ctrl-C) or 143 (SIGTERM).
const interrupted = new AbortController();
let exitCode = 130;
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.once(signal, () => {
    exitCode = code;
    say(`${signal}: stopping (the target is detached, spawned servers removed)`);
    interrupted.abort();
  });
}
const result: Rehearsal = await rehearse(
  {
    keys,
    writesPerSecond,
    syncMs,
    signal: interrupted.signal,
    ...(given.source ? { source: given.source } : {}),
    ...(given.target ? { target: given.target } : {}),
  },
  say,
).catch((error: Error) => {
  if (interrupted.signal.aborted) process.exit(exitCode);
  const missing = /redis-server, which is not on PATH/.test(error.message);
  return fail(
    missing
      ? "redis-server is not on PATH: install it (Debian: sudo apt-get install redis-server), or set REHEARSAL_SOURCE_URL and REHEARSAL_TARGET_URL"
      : error instanceof RehearsalError
        ? `the migration failed: ${redact(error.message)}`
        : `${redact(error.message)}${given.source ? " (check REHEARSAL_SOURCE_URL and REHEARSAL_TARGET_URL)" : ""}`,
    1,
  );
});
// What can go wrong, each said: data missing, writes lost, an application that wrote on one side only.
const problems = [
  ...(result.keys.copied === result.keys.loaded ? [] : [`${result.keys.loaded - result.keys.copied} of the loaded keys are not on the target`]),
  ...(result.writes.lost === 0 ? [] : [`${result.writes.lost} acknowledged writes are not on the target`]),
  ...(result.writes.beforeSwitch > 0 ? [] : ["no write was acknowledged before the switch: the application could not write to the source"]),
  ...(result.writes.acknowledged > result.writes.beforeSwitch
    ? []
    : ["no write was acknowledged after the switch: the application could not reach the target (does its password differ from the source's?)"]),
];
if (args.json) console.log(JSON.stringify({ ...result, problems }));
else {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  console.log(
    [
      `keys copied       ${n(result.keys.copied)} of ${n(result.keys.loaded)} loaded (the source held ${n(result.keys.sourceKeys)})`,
      `copy              ${seconds(result.copy.fullSyncMs)} for the full copy (${n(result.copy.keysPerSecond)} keys/s), ${seconds(result.copy.catchUpMs)} to catch up`,
      `cutover gap       ${n(result.cutover.gapMs)} ms without an acknowledged write (${n(result.cutover.failedWrites)} ${result.cutover.failedWrites === 1 ? "write" : "writes"} failed); the switch took ${seconds(result.cutover.switchMs)}`,
      `writes lost       ${n(result.writes.lost)} of ${n(result.writes.acknowledged)} acknowledged (${n(result.writes.beforeSwitch)} before the switch; ${n(result.writes.perSecond)} a second)`,
      ...problems.map((p) => `rehearsal: ${p}`),
      problems.length ? "rehearsal: FAILED: the lines above say what" : "rehearsal: no data lost",
    ].join("\n"),
  );
}
process.exit(problems.length ? 7 : 0);
