// A cutover rehearsed on real data, start to end: a sandbox whose two DCS instances are backed by
// Redis servers, data loaded into the source, an application writing to the source's address
// throughout, and the calls `dcs-migrate run` makes with switch_ip (create the task, wait for its
// migration ECS, configure an incremental migration, wait for the copy and the sync to catch up,
// switch the IPs). Then every acknowledged write is looked for where the source's address now leads.
import { randomBytes } from "node:crypto";
import {
  createDcsClient,
  MIGRATION_METHOD,
  MIGRATION_STATUS,
  RESUME_MODE,
  unwrap,
  waitForIpExchange,
  waitForJob,
  waitForMigrationTask,
} from "@dcs-migration/client";
import { startSandbox } from "../sandbox/index.js";
import { connect, countData, loadData } from "./data.js";
import { startWriter, WRITE_PREFIX } from "./writer.js";

/** The two DCS instances of the rehearsal: the IDs of the document's examples. */
export const REHEARSAL_INSTANCES = { source: "a9c7f3f0-1f0e-4b8f-9d65-3d1c0b0f8a11", target: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd" } as const;
// The sandbox's clock compresses what moves no data (the migration ECS's three minutes): the data
// moves at Redis's own speed.
const SPEED = 600;
const POLL_MS = 20;

export interface RehearsalOptions {
  /** Keys loaded into the source before the migration (0: the source's own data only). */
  keys: number;
  /** The application's writes a second, through the source's address, from before the copy to after the switch. */
  writesPerSecond: number;
  /** How long the incremental sync carries the writes before the switch, and the writes go on after it, in ms. */
  syncMs: number;
  /** The servers behind the two instances: redis:// URLs, or spawned redis-servers when not given. */
  source?: string;
  target?: string;
}

export interface Rehearsal {
  keys: { loaded: number; copied: number; sourceKeys: number; loadMs: number };
  copy: { fullSyncMs: number; keysPerSecond: number; catchUpMs: number };
  cutover: { gapMs: number; failedWrites: number; reconnects: number; switchMs: number };
  writes: { acknowledged: number; beforeSwitch: number; lost: number };
}

const passwordOf = (url: string | undefined) => {
  const password = url ? decodeURIComponent(new URL(url).password) : "";
  return password ? { password } : {};
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function rehearse(options: RehearsalOptions, say: (line: string) => void): Promise<Rehearsal> {
  const sandbox = await startSandbox({
    speed: SPEED,
    instances: { [REHEARSAL_INSTANCES.source]: options.source ?? "spawn", [REHEARSAL_INSTANCES.target]: options.target ?? "spawn" },
  });
  try {
    const source = sandbox.instances[REHEARSAL_INSTANCES.source] as { address: string };
    const target = sandbox.instances[REHEARSAL_INSTANCES.target] as { address: string; redisUrl: string };
    say(`source instance at ${source.address}, target instance at ${target.address} (sandbox ${sandbox.url})`);
    const app = await connect(`redis://${source.address}`, passwordOf(options.source).password);
    let started = performance.now();
    await loadData(app, options.keys);
    const loadMs = performance.now() - started;
    const sourceKeys = await app.dbSize();
    await app.close();
    say(`loaded ${options.keys.toLocaleString("en-US")} keys of mixed types in ${seconds(loadMs)}; the source holds ${sourceKeys.toLocaleString("en-US")}`);

    const writer = startWriter(source.address, options.writesPerSecond);
    say(`the application writes ${options.writesPerSecond} times a second to ${source.address}`);
    const client = createDcsClient({
      endpoint: sandbox.url,
      projectId: randomBytes(16).toString("hex"),
      credentials: { accessKeyId: "REHEARSAL", secretAccessKey: "rehearsal" },
    });
    const polling = { intervalMs: POLL_MS };
    const created = unwrap(
      await client.POST("/v2/{project_id}/migration/instance", {
        body: { name: "rehearsal", vpc_id: "rehearsal-vpc", subnet_id: "rehearsal-subnet", security_group_id: "rehearsal-sg" },
      }),
    );
    const taskId = String(created.instance_id);
    await waitForJob(client, String(created.job_id), polling);
    const path = { params: { path: { task_id: taskId } } };
    started = performance.now();
    unwrap(
      await client.POST("/v2/{project_id}/migration/{task_id}/task", {
        ...path,
        body: {
          migration_method: MIGRATION_METHOD.incremental_migration,
          resume_mode: RESUME_MODE.auto,
          source_instance: { id: REHEARSAL_INSTANCES.source, ...passwordOf(options.source) },
          target_instance: { id: REHEARSAL_INSTANCES.target, ...passwordOf(options.target) },
        },
      }),
    );
    say(`task ${taskId} configured: incremental migration`);
    await waitForMigrationTask(client, taskId, { ...polling, until: MIGRATION_STATUS.INCRMIGEATING });
    const fullSyncMs = performance.now() - started;
    const keysPerSecond = sourceKeys / (fullSyncMs / 1000);
    say(`full copy done in ${seconds(fullSyncMs)} (${Math.round(keysPerSecond).toLocaleString("en-US")} keys/s)`);
    started = performance.now();
    await waitForMigrationTask(client, taskId, { ...polling, until: (_task, stats) => stats?.offset === 0 });
    const catchUpMs = performance.now() - started;
    say(`incremental sync caught up in ${seconds(catchUpMs)}; it carries the writes for ${seconds(options.syncMs)}`);
    await sleep(options.syncMs);

    const switching = performance.now();
    unwrap(
      await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
        ...path,
        body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: false },
      }),
    );
    await waitForIpExchange(client, taskId, polling);
    const switchMs = performance.now() - switching;
    say(`IPs switched: ${source.address} now reaches the target's Redis`);
    await sleep(options.syncMs);
    const ledger = await writer.stop();

    // Where the source's address leads now: the target's server, read directly.
    const after = await connect(target.redisUrl);
    let lost = 0;
    for (let i = 0; i < ledger.acked.length; i += 1000) {
      const slice = ledger.acked.slice(i, i + 1000);
      const values = await after.mGet(slice.map(({ n }) => `${WRITE_PREFIX}${n}`));
      lost += values.filter((value, j) => value !== String(slice[j]?.n)).length;
    }
    const copied = await countData(after);
    await after.close();
    return {
      keys: { loaded: options.keys, copied, sourceKeys, loadMs },
      copy: { fullSyncMs, keysPerSecond, catchUpMs },
      cutover: { gapMs: ledger.longestGapMs, failedWrites: ledger.failed, reconnects: ledger.reconnects, switchMs },
      writes: { acknowledged: ledger.acked.length, beforeSwitch: ledger.acked.filter(({ at }) => at < switching).length, lost },
    };
  } finally {
    await sandbox.stop();
  }
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
