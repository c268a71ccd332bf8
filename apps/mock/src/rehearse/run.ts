// A cutover rehearsed on real data, start to end: a sandbox whose two DCS instances are backed by
// Redis servers, data loaded into the source, an application writing to the source's address
// throughout, and the calls `dcs-migrate run` makes with switch_ip (create the task, wait for its
// migration ECS, configure an incremental migration, wait for the copy and the sync to catch up,
// switch the IPs). Then every acknowledged write is looked for where the source's address now leads.
import { randomBytes } from "node:crypto";
import { setTimeout } from "node:timers/promises";
import {
  createDcsClient,
  DcsWaitError,
  LOG_LEVEL,
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
  /** Ends the rehearsal early (Ctrl-C): its writer and its sandbox are stopped, a given target detached. */
  signal?: AbortSignal;
}

export interface Rehearsal {
  keys: { loaded: number; copied: number; sourceKeys: number; loadMs: number };
  copy: { fullSyncMs: number; keysPerSecond: number; catchUpMs: number };
  cutover: { gapMs: number; failedWrites: number; reconnects: number; switchMs: number };
  writes: { acknowledged: number; beforeSwitch: number; lost: number; perSecond: number };
}

/** A rehearsal's migration failed: the task's status and the last error of its log, in the service's words. */
export class RehearsalError extends Error {}

const passwordOf = (url: string | undefined) => {
  const password = url ? decodeURIComponent(new URL(url).password) : "";
  return password ? { password } : {};
};
/** An instance's address with the credentials of the server behind it, as an application would connect. */
const asApplication = (address: string, url: string | undefined) => {
  const through = new URL(`redis://${address}`);
  if (url) {
    const { username, password } = new URL(url);
    through.username = username;
    through.password = password;
  }
  return through.href;
};
const sleep = (ms: number, signal?: AbortSignal) => setTimeout(ms, undefined, signal ? { signal } : {});

export async function rehearse(options: RehearsalOptions, say: (line: string) => void): Promise<Rehearsal> {
  const sandbox = await startSandbox({
    speed: SPEED,
    instances: { [REHEARSAL_INSTANCES.source]: options.source ?? "spawn", [REHEARSAL_INSTANCES.target]: options.target ?? "spawn" },
  });
  let writer: ReturnType<typeof startWriter> | undefined;
  try {
    const source = sandbox.instances[REHEARSAL_INSTANCES.source] as { address: string };
    const target = sandbox.instances[REHEARSAL_INSTANCES.target] as { address: string; redisUrl: string };
    say(`source instance at ${source.address}, target instance at ${target.address} (sandbox ${sandbox.url})`);
    const app = await connect(asApplication(source.address, options.source));
    let started = performance.now();
    await loadData(app, options.keys, options.signal);
    const loadMs = performance.now() - started;
    const sourceKeys = await app.dbSize();
    await app.close();
    say(`loaded ${options.keys.toLocaleString("en-US")} keys of mixed types in ${seconds(loadMs)}; the source holds ${sourceKeys.toLocaleString("en-US")}`);

    writer = startWriter(asApplication(source.address, options.source), options.writesPerSecond);
    say(`the application writes ${options.writesPerSecond} times a second to ${source.address}`);
    const client = createDcsClient({
      endpoint: sandbox.url,
      projectId: randomBytes(16).toString("hex"),
      credentials: { accessKeyId: "REHEARSAL", secretAccessKey: "rehearsal" },
    });
    const polling = { intervalMs: POLL_MS, ...(options.signal ? { signal: options.signal } : {}) };
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
    const failed = async (error: unknown): Promise<never> => {
      if (!(error instanceof DcsWaitError)) throw error;
      // The service's own words for why: the last error of the task's log.
      const logs = await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", path).catch(() => undefined);
      const why = logs?.data?.migration_logs?.filter((entry) => entry.log_level === LOG_LEVEL.ERROR).at(-1)?.message;
      throw new RehearsalError(`${error.message}${why ? `: ${why}` : ""}`);
    };
    await waitForMigrationTask(client, taskId, { ...polling, until: MIGRATION_STATUS.INCRMIGEATING }).catch(failed);
    const fullSyncMs = performance.now() - started;
    const keysPerSecond = sourceKeys / (fullSyncMs / 1000);
    say(`full copy done in ${seconds(fullSyncMs)} (${Math.round(keysPerSecond).toLocaleString("en-US")} keys/s)`);
    started = performance.now();
    await waitForMigrationTask(client, taskId, { ...polling, until: (_task, stats) => stats?.offset === 0 }).catch(failed);
    const catchUpMs = performance.now() - started;
    say(`incremental sync caught up in ${seconds(catchUpMs)}; it carries the writes for ${seconds(options.syncMs)}`);
    await sleep(options.syncMs, options.signal);

    const switching = performance.now();
    unwrap(
      await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
        ...path,
        body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: false },
      }),
    );
    await waitForIpExchange(client, taskId, polling).catch(failed);
    const switchMs = performance.now() - switching;
    say(`IPs switched: ${source.address} now reaches the target's Redis`);
    await sleep(options.syncMs, options.signal);
    const ledger = await writer.stop();
    const writing = (performance.now() - ledger.startedAt) / 1000;

    // Where the source's address leads now: the target's server, read directly.
    const after = await connect(target.redisUrl);
    // Counted wherever they fell short: an acknowledged write not found, or not with its value, is lost.
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
      writes: {
        acknowledged: ledger.acked.length,
        beforeSwitch: ledger.acked.filter(({ at }) => at < switching).length,
        lost,
        perSecond: ledger.acked.length / writing,
      },
    };
  } finally {
    // A rehearsal that failed half-way stops its writer too.
    await writer?.stop();
    await sandbox.stop();
  }
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
