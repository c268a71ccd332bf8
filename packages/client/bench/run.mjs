#!/usr/bin/env node
// `npm run bench`: signing cost and per-request overhead, each as a ratio against a baseline
// measured in the same run (these machines are shared and noisy: compare ratios, not µs).
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { signRequest as webSign } from "../dist/index.js";
import { createDcsClient, signRequest } from "../dist/index.node.js";

const require = createRequire(import.meta.url);
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner");
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials");

const AK = "HPUAEXAMPLEAK0000001";
const SK = "exampleSecretKey0123456789abcdefghijklmn";
const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TASK = "a276c1ffa0a54c2597fc824b917db317";
const URL_ = `https://dcs.cn-north-4.myhuaweicloud.com/v2/${PROJECT}/migration-task/${TASK}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs each case `rounds` times, interleaved, and returns the median µs per operation. */
async function measure(cases, { ops, rounds }) {
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const fn of Object.values(cases)) for (let i = 0; i < Math.min(ops, 500); i++) await fn(); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(cases)) {
      const start = performance.now();
      for (let i = 0; i < ops; i++) await fn();
      times[name].push(((performance.now() - start) * 1000) / ops);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

function report(title, results, baseline) {
  console.log(`\n${title} (median µs per operation; ratio against "${baseline}")`);
  for (const [name, us] of Object.entries(results)) {
    console.log(`  ${name.padEnd(44)} ${us.toFixed(1).padStart(8)} µs  x${(us / results[baseline]).toFixed(2)}`);
  }
}

const credential = new BasicCredentials().withAk(AK).withSk(SK);
const headers = { "content-type": "application/json", "X-Project-Id": PROJECT };
report(
  "One DCS GET signature",
  await measure(
    {
      "official SDK core AKSKSigner": () =>
        AKSKSigner.sign({ method: "GET", endpoint: URL_, headers: { ...headers, "X-Sdk-Date": "20240101T120000Z" }, queryParams: {} }, credential),
      "ours, node:crypto (node entry)": () => signRequest({ method: "GET", url: URL_, headers }, { accessKeyId: AK, secretAccessKey: SK }),
      "ours, WebCrypto (browser entry, on Node)": () => webSign({ method: "GET", url: URL_, headers }, { accessKeyId: AK, secretAccessKey: SK }),
    },
    { ops: 5000, rounds: 5 },
  ),
  "official SDK core AKSKSigner",
);

const server = fork(fileURLToPath(new URL("./server.mjs", import.meta.url)), { stdio: "inherit" });
const port = await new Promise((resolve) => server.once("message", resolve));
const endpoint = `http://127.0.0.1:${port}`;
const plain = createDcsClient({ endpoint, projectId: PROJECT });
const signed = createDcsClient({ endpoint, projectId: PROJECT, credentials: { accessKeyId: AK, secretAccessKey: SK } });
const params = { params: { path: { task_id: TASK } } };
try {
  report(
    "One ShowMigrationTask over loopback, sequential",
    await measure(
      {
        "raw fetch + json()": async () => (await fetch(`${endpoint}/v2/${PROJECT}/migration-task/${TASK}`)).json(),
        "client, no credentials": () => plain.GET("/v2/{project_id}/migration-task/{task_id}", params),
        "client, AK/SK signed": () => signed.GET("/v2/{project_id}/migration-task/{task_id}", params),
      },
      { ops: 1000, rounds: 5 },
    ),
    "raw fetch + json()",
  );
} finally {
  server.kill();
}
