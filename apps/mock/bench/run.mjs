#!/usr/bin/env node
// `npm run bench` (apps/mock): what the sandbox costs against Prism's stateless mock of the same
// document, measured in the same run as ratios (these machines are shared and noisy). The sandbox
// is Prism's validating proxy with the sandbox's gateway in front and its service behind, so its
// start and its calls are Prism's and a little more; the little more is what this measures.
import { startPrism, startSandbox } from "../dist/index.js";

const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Starts: alternately, three of each.
const starts = { sandbox: [], prism: [] };
for (let i = 0; i < 3; i++) {
  /** @type {Array<["sandbox" | "prism", () => Promise<{ url: string; stop(): Promise<void> }>]>} */
  const kinds = [
    ["sandbox", () => startSandbox({ speed: "manual" })],
    ["prism", () => startPrism()],
  ];
  for (const [name, start] of kinds) {
    const t = performance.now();
    const running = await start();
    starts[name].push(performance.now() - t);
    await running.stop();
  }
}

// Calls: the same ListMigrationTask, interleaved rounds of 200.
const sandbox = await startSandbox({ speed: "manual" });
const prism = await startPrism();
const call = (url) => () => fetch(`${url}/v2/${PROJECT}/migration-tasks`, { headers: { "X-Auth-Token": "bench" } }).then((r) => r.arrayBuffer());
const contenders = { sandbox: call(sandbox.url), prism: call(prism.url) };
const times = { sandbox: [], prism: [] };
for (const fn of Object.values(contenders)) for (let i = 0; i < 100; i++) await fn();
for (let round = 0; round < 6; round++) {
  for (const [name, fn] of round % 2 ? Object.entries(contenders).reverse() : Object.entries(contenders)) {
    const t = performance.now();
    for (let i = 0; i < 200; i++) await fn();
    times[name].push(((performance.now() - t) * 1000) / 200);
  }
}
await Promise.all([sandbox.stop(), prism.stop()]);

const rows = [
  ["start: startSandbox() against startPrism()", median(starts.sandbox), median(starts.prism), "ms"],
  ["a call through the sandbox against Prism's mock", median(times.sandbox), median(times.prism), "µs"],
];
for (const [figure, ours, base, unit] of rows) {
  console.log(`${figure.padEnd(50)} ${(ours / base).toFixed(2)}x  (${Math.round(ours)} ${unit} against ${Math.round(base)} ${unit})`);
}
