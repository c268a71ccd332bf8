// Migrations for real between instances backed by Redis servers (instances.ts): a task configured
// with a backed source and a backed target copies by Redis's replication protocol, as the service's
// migration does. The target becomes a replica of the source (REPLICAOF, with masterauth from the
// configure request's password); the task is FULLMIGRATING while the full sync runs, and once the
// link is up it is SUCCESS (a full migration: the target is detached) or INCRMIGEATING (an
// incremental one). Stats are read from the servers at each request, never invented. A stop, or
// any end of the task, detaches the target, which keeps what it has. Loaded only when a sandbox
// has backed instances: its Redis client costs nothing otherwise.

import { LOG_LEVEL, MIGRATION_METHOD, MIGRATION_STATUS, MIGRATION_STATUS_GROUPS, RESUME_MODE } from "@dcs-migration/client";
import { createClient } from "@redis/client";
import type { Instances } from "./instances.js";
import { INVENTED } from "./invented.js";
import type { Model, Task } from "./model.js";
import type { BodyOf } from "./operations.js";

type Redis = ReturnType<typeof createClient>;

export interface Sides {
  /** The instances' names (an instance ID, or a self-hosted source's host:port): their addresses swap at an IP switch. */
  sourceKey: string;
  targetKey: string;
  source: string;
  target: string;
  /** The source's password, from the configure request: the replica's masterauth. Kept here only. */
  password?: string;
}

// How long an IP switch waits for the target to take the source's last writes (they are on loopback).
const CATCH_UP_MS = 10_000;
const MIGRATING = new Set<string>(MIGRATION_STATUS_GROUPS.migrating);

/** `INFO` as fields. */
const fieldsOf = (info: string) =>
  Object.fromEntries(
    info
      .split("\r\n")
      .filter((line) => line.includes(":") && !line.startsWith("#"))
      .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]),
  );

export type RealMigrations = ReturnType<typeof createRealMigrations>;

export function createRealMigrations(instances: Instances) {
  const clients = new Map<string, Promise<Redis>>();
  const running = new Map<string, { task: Task; sides: Sides }>();
  // Every real task's sides, for a restart (kept here, never in the model: they hold a password).
  const known = new Map<string, Sides>();
  // The sides of the tasks whose IPs were switched: a rollback swaps their addresses back.
  const switched = new Map<string, Sides>();
  // The incremental syncs whose source is away, said once in the task's log until it is back.
  const lost = new Set<string>();
  const redis = (url: string) => {
    let found = clients.get(url);
    if (!found) {
      const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 5000 } });
      const connecting = client.connect() as Promise<Redis>;
      // A connection lost (a server restarted, a link dropped) is made anew at the next use.
      const forget = () => {
        if (clients.get(url) === connecting) clients.delete(url);
      };
      client.on("error", forget);
      client.on("end", forget);
      connecting.catch(forget);
      found = connecting;
      clients.set(url, found);
    }
    return found;
  };
  /** Until the target has everything the source has written (bounded: a link that is down never catches up). */
  const caughtUp = async (sides: Sides) => {
    const [source, target] = await Promise.all([redis(sides.source), redis(sides.target)]);
    const wanted = Number(fieldsOf(await source.info("replication")).master_repl_offset);
    const deadline = Date.now() + CATCH_UP_MS;
    while (Number(fieldsOf(await target.info("replication")).slave_repl_offset ?? 0) < wanted && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  const detach = async (sides: Sides) => {
    await (await redis(sides.target)).sendCommand(["REPLICAOF", "NO", "ONE"]);
  };

  return {
    /** The servers of a configure request's source and target, when the sandbox backs both. */
    sidesOf(body: BodyOf<"SetOnlineMigrationTask">): Sides | undefined {
      // The document lets each of these be null: a null names no instance.
      const sourceKey = body.source_instance.id ?? body.source_instance.addrs ?? undefined;
      const targetKey = body.target_instance.id ?? undefined;
      const backed = (key: string | undefined) => (key !== undefined && Object.hasOwn(instances.view, key) ? instances.view[key] : undefined);
      const source = backed(sourceKey);
      const target = backed(targetKey);
      if (!source || !target || sourceKey === undefined || targetKey === undefined) return undefined;
      const { password } = body.source_instance;
      return { sourceKey, targetKey, source: source.redisUrl, target: target.redisUrl, ...(password ? { password } : {}) };
    },

    /** The copy begins: the target replicates the source. A target that cannot be reached fails the task. */
    async start(model: Model, task: Task, sides: Sides) {
      known.set(task.id, sides);
      // The source is tried first as the replica would reach it, with the request's password: a
      // wrong one fails the task now, as the service does, instead of a sync that never starts.
      const probe = new URL(sides.source);
      probe.username = "";
      probe.password = sides.password ? encodeURIComponent(sides.password) : "";
      const source = createClient({ url: probe.href, socket: { reconnectStrategy: false, connectTimeout: 5000 } });
      source.on("error", () => {});
      let sourceMemory: Record<string, string>;
      try {
        await source.connect();
        await source.ping();
        // The migration replicates, so a source whose SYNC or PSYNC is renamed away cannot be
        // migrated. Each is sent with the wrong number of arguments, which a server refuses before
        // it could run it: only a command that is gone is "unknown".
        for (const probeCommand of [["SYNC", "now"], ["PSYNC"]]) {
          const refusal = await source.sendCommand(probeCommand).then(
            () => "",
            (error: Error) => String(error.message),
          );
          if (/unknown command/i.test(refusal)) {
            model.failCopy(task, INVENTED.sourceSyncRefused);
            return;
          }
        }
        sourceMemory = fieldsOf(await source.info("memory"));
      } catch (error) {
        const refusedAuth = /WRONGPASS|NOAUTH|invalid password|AUTH/i.test(String((error as Error).message));
        model.failCopy(task, refusedAuth ? INVENTED.sourceAuthFailure : INVENTED.sourceUnreachable);
        return;
      } finally {
        await source.close().catch(() => source.destroy());
      }
      try {
        const target = await redis(sides.target);
        // A replica ignores its maxmemory while it loads (replica-ignore-maxmemory): the service
        // refuses a target too small for the source's data before it copies, and so does this.
        const limit = Number(fieldsOf(await target.info("memory")).maxmemory ?? 0);
        if (limit > 0 && Number(sourceMemory.used_memory_dataset ?? 0) > limit) {
          model.failCopy(task, INVENTED.targetTooSmall);
          return;
        }
        if (sides.password) await target.configSet("masterauth", sides.password);
        const { hostname, port } = new URL(sides.source);
        await target.sendCommand(["REPLICAOF", hostname, port]);
        running.set(task.id, { task, sides });
      } catch {
        // A fixed message: the server's own may quote the command, and so the password.
        model.failCopy(task, INVENTED.targetRefused);
      }
    },

    /** BatchRestartOnlineMigrationTasks on a real task: a new full copy from the same sides. */
    async restart(model: Model, task: Task) {
      const sides = known.get(task.id);
      if (sides) await this.start(model, task, sides);
      else delete task.real;
    },

    /** Reads the servers of the project's copies: their statuses follow, their stats are measured. */
    async refresh(model: Model, projectId: string) {
      for (const [id, { task, sides }] of running) {
        if (task.projectId !== projectId) continue;
        model.settle();
        // Stopped, failed, deleted, or forgotten by a reset: the target is detached and keeps what it has.
        if (!MIGRATING.has(task.status) || !model.hasTask(id)) {
          running.delete(id);
          await detach(sides).catch(() => {});
          continue;
        }
        let readings: [string, string, number, number];
        try {
          const fromSource = async () => {
            const source = await redis(sides.source);
            return Promise.all([source.info("replication"), source.dbSize()]);
          };
          const fromTarget = async () => {
            const target = await redis(sides.target);
            return Promise.all([target.info(), target.dbSize()]);
          };
          const [[sourceInfo, sourceKeys], [targetInfo, targetKeys]] = await Promise.all([
            fromSource().catch((error: Error) => {
              throw Object.assign(error, { side: "source" });
            }),
            fromTarget(),
          ]);
          readings = [sourceInfo, targetInfo, sourceKeys, targetKeys];
        } catch (error) {
          // The source gone during the full copy: with resume_mode auto the replica retries by
          // itself and the task waits for it, as the service resumes; otherwise the copy fails.
          const sourceGone = (error as { side?: string }).side === "source";
          if (sourceGone && task.status === MIGRATION_STATUS.FULLMIGRATING && task.resumeMode !== RESUME_MODE.auto) {
            running.delete(id);
            await detach(sides).catch(() => {});
            model.failCopy(task, INVENTED.fullSyncFailure);
          } else if (sourceGone && task.status === MIGRATION_STATUS.INCRMIGEATING && !lost.has(id)) {
            // The service's incremental sync reconnects by itself: the task stays INCRMIGEATING and says so.
            lost.add(id);
            model.log(task, LOG_LEVEL.ERROR, INVENTED.sourceLost);
          }
          // Otherwise the task keeps its last stats, and the request is answered.
          continue;
        }
        const [sourceInfo, targetInfo, sourceKeys, targetKeys] = readings;
        const s = fieldsOf(sourceInfo);
        const t = fieldsOf(targetInfo);
        const linked = t.master_link_status === "up" && t.master_sync_in_progress === "0";
        if (linked && lost.delete(id)) model.log(task, LOG_LEVEL.INFO, INVENTED.sourceBack);
        const total = Number(t.master_sync_total_bytes);
        const read = Number(t.master_sync_read_bytes);
        const percent = linked ? 100 : total > 0 ? Math.min(99.9, (read / total) * 100) : 0;
        // Not linked, an incremental sync is never "caught up": the offset says how far behind it is.
        const behind = Math.max(0, Number(s.master_repl_offset) - Number(t.slave_repl_offset || 0));
        const offset = linked ? behind : task.status === MIGRATION_STATUS.INCRMIGEATING ? Math.max(1, behind) : 0;
        task.real ??= {};
        task.real.stats = {
          full_migration_progress: Math.round(percent * 10) / 10,
          offset,
          source_dbsize: sourceKeys,
          target_dbsize: targetKeys,
          target_input_kbps: Number(t.instantaneous_input_kbps ?? 0),
          target_ops: Number(t.instantaneous_ops_per_sec ?? 0),
          is_migrating: true,
        };
        if (task.status === MIGRATION_STATUS.FULLMIGRATING && linked && running.has(id)) {
          // Taken before the await below: a request beside this one does not finish it twice.
          if (task.method !== MIGRATION_METHOD.incremental_migration) running.delete(id);
          model.finishCopy(task);
          if (task.method !== MIGRATION_METHOD.incremental_migration) {
            // A full migration ends with the copy: the target stands on its own.
            task.real.stats = { ...task.real.stats, is_migrating: false, target_input_kbps: 0, target_ops: 0 };
            await detach(sides).catch(() => {});
          }
        }
      }
    },

    /**
     * ExchangeInstanceIp on a task copying for real: the sync stops, the target is detached, and the
     * two addresses swap (what was open through them is dropped, as a real switch drops it); a
     * rollback swaps them back.
     */
    async switchIps(task: Task, rollback: boolean) {
      if (rollback) {
        const sides = switched.get(task.id);
        if (!sides) return;
        switched.delete(task.id);
        instances.swap(sides.sourceKey, sides.targetKey);
        return;
      }
      const copying = running.get(task.id);
      if (!copying) return;
      running.delete(task.id);
      const { sides } = copying;
      // No write acknowledged through the source's address may be lost: the addresses stop taking
      // writes first, then the target takes the source's last write, and only then is it detached.
      instances.hold(sides.sourceKey, sides.targetKey);
      try {
        await caughtUp(sides);
        await detach(sides);
      } finally {
        instances.swap(sides.sourceKey, sides.targetKey);
      }
      switched.set(task.id, sides);
    },

    async close() {
      // A server the sandbox was given is left as it was found: no longer anyone's replica.
      await Promise.all([...running.values()].map(({ sides }) => detach(sides).catch(() => {})));
      running.clear();
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map(async (found) => (await found.catch(() => undefined))?.close().catch(() => {})));
    },
  };
}
