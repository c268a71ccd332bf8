#!/usr/bin/env node
// `npm run bench`: every figure of the client's performance as a ratio against a baseline measured
// in the same run (these machines are shared and noisy: compare ratios, never µs across runs).
// Prints a table and writes bench/results.json. Targets are reported, never asserted: sizes are
// enforced by size-limit in npm test, times by nobody.
import { execFileSync, fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import { signRequest as webSign } from "../dist/index.js";
import { createDcsClient, signRequest } from "../dist/index.node.js";
import { coldImportMs } from "./cold-import.mjs";
import { measure, median } from "./measure.mjs";

const require = createRequire(import.meta.url);
const core = (path) => require(`@huaweicloud/huaweicloud-sdk-core/${path}`);
const { AKSKSigner } = core("auth/AKSKSigner");
const { BasicCredentials } = core("auth/BasicCredentials");
const { HcClient } = core("HcClient");
const { DefaultHttpClient } = core("http/DefaultHttpClient");

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const AK = "HPUAEXAMPLEAK0000001";
const SK = "exampleSecretKey0123456789abcdefghijklmn";
const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TASK = "a276c1ffa0a54c2597fc824b917db317";
const SHOW = "/v2/{project_id}/migration-task/{task_id}";
const rows = [];
/** One row: `value` of ours against `baseline`, and the target ratio if the issue set one. */
const row = (figure, value, baseline, unit, target) => rows.push({ figure, value, baseline, unit, ratio: value / baseline, target });

// --- Requests over loopback, to a server in another process ---------------------------------------
const server = fork(here("./server.mjs"), { stdio: "inherit" });
const port = await new Promise((resolve) => server.once("message", resolve));
const endpoint = `http://127.0.0.1:${port}`;
const signed = createDcsClient({ endpoint, projectId: PROJECT, credentials: { accessKeyId: AK, secretAccessKey: SK } });
/** @typedef {import("openapi-fetch").Client<import("../dist/index.js").DcsPaths>} BareClient */
/** @type {BareClient} */
const bare = createClient({ baseUrl: endpoint });
// What the signed request costs on the wire alone: bare openapi-fetch sending our headers, signed
// once beforehand (the server parses them all the same), with no signing, timeout or retry.
const signedOnce = await signRequest(
  { method: "GET", url: `${endpoint}/v2/${PROJECT}/migration-task/${TASK}`, headers: { "X-Project-Id": PROJECT } },
  { accessKeyId: AK, secretAccessKey: SK },
);
/** @type {BareClient} */
const bareWithOurHeaders = createClient({
  baseUrl: endpoint,
  headers: { "User-Agent": `dcs-migration-client/${require("../package.json").version}`, "X-Project-Id": PROJECT, ...signedOnce.headers },
});
const hc = new HcClient(new DefaultHttpClient({ headers: { "User-Agent": "bench" } }, [endpoint]))
  .withEndpoints([endpoint])
  .withCredential(new BasicCredentials().withAk(AK).withSk(SK).withProjectId(PROJECT));
const contenders = {
  "raw fetch": async () => (await fetch(`${endpoint}/v2/${PROJECT}/migration-task/${TASK}`)).json(),
  "bare openapi-fetch, unsigned": () => bare.GET(SHOW, { params: { path: { project_id: PROJECT, task_id: TASK } } }),
  "official SDK core HcClient, AK/SK": () =>
    hc.sendRequest({
      method: "GET",
      url: SHOW,
      contentType: "application/json",
      pathParams: { project_id: PROJECT, task_id: TASK },
      queryParams: {},
      headers: {},
    }),
  "bare openapi-fetch, our headers precomputed": () => bareWithOurHeaders.GET(SHOW, { params: { path: { project_id: PROJECT, task_id: TASK } } }),
  "ours, AK/SK signed": () => signed.GET(SHOW, { params: { path: { task_id: TASK } } }),
};
try {
  for (const concurrency of [1, 32]) {
    const r = await measure(contenders, { ops: 400, rounds: 25, concurrency });
    const ours = r["ours, AK/SK signed"];
    const at = concurrency === 1 ? "sequential" : `concurrency ${concurrency}`;
    row(`signed ShowMigrationTask, ${at}, against raw fetch`, ours, r["raw fetch"], "µs");
    row(`same, ${at}, against bare openapi-fetch (no signing)`, ours, r["bare openapi-fetch, unsigned"], "µs", concurrency === 1 ? 1.1 : undefined);
    row(`same, ${at}, against the SDK core's HcClient with AK/SK`, ours, r["official SDK core HcClient, AK/SK"], "µs", concurrency === 1 ? 0.6 : undefined);
    row(
      `bare openapi-fetch sending our headers (signed beforehand), ${at}, against bare openapi-fetch: the wire's share`,
      r["bare openapi-fetch, our headers precomputed"],
      r["bare openapi-fetch, unsigned"],
      "µs",
    );
    row(`ours, ${at}, against that: our own share (signing, timeout, reading the body)`, ours, r["bare openapi-fetch, our headers precomputed"], "µs");
  }
} finally {
  server.kill();
}

// --- The whole call with no network: its pieces ---------------------------------------------------
const body = JSON.stringify({ task_id: TASK, status: "MIGRATING", source_instance: { addrs: "192.168.1.2:6379" } });
const answer = async () =>
  new Response(body, { status: 200, headers: { "Content-Type": "application/json", "X-Request-Id": "454d689fa69847610b3ca486458fb08b" } });
const injected = (credentials) =>
  createDcsClient({ endpoint: "http://127.0.0.1:1", projectId: PROJECT, fetch: answer, ...(credentials ? { credentials } : {}) });
/** @type {BareClient} */
const bareInjected = createClient({ baseUrl: "http://127.0.0.1:1", fetch: answer });
const unsignedInjected = injected();
const signedInjected = injected({ accessKeyId: AK, secretAccessKey: SK });
const URL_ = `http://127.0.0.1:1/v2/${PROJECT}/migration-task/${TASK}`;
const headers = { "X-Project-Id": PROJECT };
const noNetwork = await measure(
  {
    "bare openapi-fetch": () => bareInjected.GET(SHOW, { params: { path: { project_id: PROJECT, task_id: TASK } } }),
    "ours, unsigned": () => unsignedInjected.GET(SHOW, { params: { path: { task_id: TASK } } }),
    "ours, signed": () => signedInjected.GET(SHOW, { params: { path: { task_id: TASK } } }),
    "one signature": () => signRequest({ method: "GET", url: URL_, headers }, { accessKeyId: AK, secretAccessKey: SK }),
  },
  { ops: 5000 },
);
row("the whole client call with no network (fetch injected), against bare openapi-fetch", noNetwork["ours, signed"], noNetwork["bare openapi-fetch"], "µs");
// The signature is measured on its own: a difference of two medians is as noisy as both of them
// (garbage collection falls where it falls), and can even come out negative.
const pieces = {
  "openapi-fetch itself (its Request, parsing, result)": noNetwork["bare openapi-fetch"],
  "the signature": noNetwork["one signature"],
  "the rest of ours (project_id, timeout, the Request for the injected fetch, headers, reading the body)":
    noNetwork["ours, signed"] - noNetwork["bare openapi-fetch"] - noNetwork["one signature"],
};

// --- One signature ---------------------------------------------------------------------------------
const credential = new BasicCredentials().withAk(AK).withSk(SK);
const signing = await measure(
  {
    "official SDK core AKSKSigner": () =>
      AKSKSigner.sign(
        { method: "GET", endpoint: URL_, headers: { ...headers, "content-type": "application/json", "X-Sdk-Date": "20240101T120000Z" }, queryParams: {} },
        credential,
      ),
    "ours, node:crypto (node entry)": () =>
      signRequest({ method: "GET", url: URL_, headers: { ...headers, "content-type": "application/json" } }, { accessKeyId: AK, secretAccessKey: SK }),
    "ours, WebCrypto (browser entry, on Node)": () =>
      webSign({ method: "GET", url: URL_, headers: { ...headers, "content-type": "application/json" } }, { accessKeyId: AK, secretAccessKey: SK }),
  },
  { ops: 20000 },
);
row("one signature, against the SDK core's AKSKSigner", signing["ours, node:crypto (node entry)"], signing["official SDK core AKSKSigner"], "µs", 0.33);
row(
  "one signature with WebCrypto (browser entry, on Node), against the SDK core's AKSKSigner",
  signing["ours, WebCrypto (browser entry, on Node)"],
  signing["official SDK core AKSKSigner"],
  "µs",
);

// --- Cold import, sizes, type-check cost -----------------------------------------------------------
const packageDir = here("../");
row(
  "cold import in a fresh Node process, against openapi-fetch alone",
  coldImportMs("@dcs-migration/client", { cwd: packageDir }),
  coldImportMs("openapi-fetch", { cwd: packageDir }),
  "ms",
  2,
);
// size-limit exits 1 when a budget is exceeded; its JSON is the measurement all the same.
const sizeReport = () => {
  try {
    return execFileSync("npx", ["--no-install", "size-limit", "--json"], { cwd: packageDir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch (error) {
    return error.stdout;
  }
};
const sizes = JSON.parse(sizeReport());
const size = (name) => sizes.find((s) => s.name.startsWith(name)).size / 1000;
row("browser bundle min+gzip, createDcsClient only", size("createDcsClient only"), 6.5, "kB", 1);
row("browser bundle min+gzip, everything the main entry exports", size("everything, browser"), 8, "kB", 1);
const checkTime = (file) =>
  median(
    [0, 1, 2].map(() => {
      const out = execFileSync(
        process.execPath,
        [require.resolve("typescript/bin/tsc"), "-p", here(`./typecheck/tsconfig.${file}.json`), "--extendedDiagnostics"],
        { encoding: "utf8" },
      );
      return Number(/Check time:\s+([\d.]+)s/.exec(out)[1]) * 1000;
    }),
  );
row("type-check of a consumer calling ten operations, against bare openapi-fetch", checkTime("ours"), checkTime("bare"), "ms");

// --- Report ----------------------------------------------------------------------------------------
const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(n >= 10 ? 1 : 2));
console.log(`\nbench, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}-${process.arch}\n`);
console.log("| figure | ours | baseline | ratio | target |\n| --- | --- | --- | --- | --- |");
for (const r of rows) {
  const verdict = r.target === undefined ? "" : `${r.unit === "kB" ? `≤ ${fmt(r.baseline)} kB` : `≤ ${r.target}x`} ${r.ratio <= r.target ? "met" : "missed"}`;
  console.log(`| ${r.figure} | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} ${r.unit} | ${r.ratio.toFixed(2)}x | ${verdict} |`);
}
console.log("\nThe no-network call, piece by piece (µs):");
for (const [piece, us] of Object.entries(pieces)) console.log(`  ${fmt(us).padStart(7)}  ${piece}`);
writeFileSync(here("./results.json"), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows, pieces }, null, 2)}\n`);
console.log("\nwritten to bench/results.json");
