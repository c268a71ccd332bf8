#!/usr/bin/env node
import { connect, loadData } from "../dist/rehearse/data.js";
import { rehearse } from "../dist/rehearse/run.js";
// `npm run bench` (apps/mock), the rehearsal: how long the sandbox's migration takes to copy 100 000
// keys (configure to INCRMIGEATING, through the API and its polls) against Redis's own replication
// of the same data between two bare servers (REPLICAOF to a linked replica), in the same run, as a
// ratio; and the cutover gap against the writer's interval between two writes.
import { startInstances } from "../dist/sandbox/instances.js";

const KEYS = 100_000;
const RATE = 200;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Redis alone: a fresh pair, the data loaded, then REPLICAOF until the replica is linked and synced. */
async function bareCopy() {
  const servers = await startInstances({ source: "spawn", target: "spawn" });
  try {
    const source = await connect(servers.view.source.redisUrl);
    await loadData(source, KEYS);
    await source.close();
    const target = await connect(servers.view.target.redisUrl);
    const { hostname, port } = new URL(servers.view.source.redisUrl);
    const started = performance.now();
    await target.sendCommand(["REPLICAOF", hostname, port]);
    for (;;) {
      const info = await target.info("replication");
      if (/master_link_status:up/.test(info) && /master_sync_in_progress:0/.test(info)) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ms = performance.now() - started;
    await target.close();
    return ms;
  } finally {
    await servers.stop();
  }
}

const bare = [];
const sandbox = [];
const gaps = [];
for (let i = 0; i < 3; i++) {
  bare.push(await bareCopy());
  const result = await rehearse({ keys: KEYS, writesPerSecond: RATE, syncMs: 1000 }, () => {});
  if (result.writes.lost !== 0 || result.keys.copied !== KEYS) throw new Error(`rehearsal ${i + 1} lost data: ${JSON.stringify(result)}`);
  sandbox.push(result.copy.fullSyncMs);
  gaps.push(result.cutover.gapMs);
}
const interval = 1000 / RATE;
console.log(`rehearsal, ${KEYS.toLocaleString("en-US")} keys (median of 3):`);
console.log(
  `  full copy through the sandbox  ${median(sandbox).toFixed(0)} ms = ${(median(sandbox) / median(bare)).toFixed(2)}x Redis's own replication (${median(bare).toFixed(0)} ms)`,
);
console.log(
  `  cutover gap                    ${median(gaps).toFixed(0)} ms = ${(median(gaps) / interval).toFixed(1)}x the writer's interval (${interval} ms), 0 writes lost`,
);
