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
  /** The target's password, from the configure request: checked against the target, as the service logs in to it. */
  targetPassword?: string;
}

/** A server's place, whatever credentials a URL gives: two URLs of one server are one server. */
const placeOf = (url: string) => new URL(url).host;

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

/** A copy that has ended (its target detached): its last stats stand, nothing moves any more. */
function ended(task: Task) {
  if (task.real?.stats) task.real.stats = { ...task.real.stats, is_migrating: false, target_input_kbps: 0, target_ops: 0 };
}

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
  /**
   * Whether the target has taken everything the source has written, waiting for it a while: false
   * when the link is down (a source gone, credentials changed) or the wait runs out.
   */
  const caughtUp = async (sides: Sides) => {
    const [source, target] = await Promise.all([redis(sides.source), redis(sides.target)]);
    const wanted = Number(fieldsOf(await source.info("replication")).master_repl_offset);
    const deadline = Date.now() + CATCH_UP_MS;
    for (;;) {
      const t = fieldsOf(await target.info("replication"));
      if (t.master_link_status !== "up") return false;
      if (Number(t.slave_repl_offset ?? 0) >= wanted) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  // What each target's masterauth and masteruser were before a copy set them: put back when it ends,
  // so that no password of the source stays in a server the sandbox was given.
  const before = new Map<string, { masterauth: string; masteruser: string }>();
  const detach = async (sides: Sides) => {
    const target = await redis(sides.target);
    await target.sendCommand(["REPLICAOF", "NO", "ONE"]);
    const found = before.get(sides.target);
    if (found) {
      before.delete(sides.target);
      await target.configSet({ masterauth: found.masterauth, masteruser: found.masteruser });
    }
  };
  /** Another copy running now that this one's servers are part of (a source may feed two targets). */
  const busy = (taskId: string, sides: Sides) =>
    [...running].some(([id, other]) => {
      if (id === taskId) return false;
      const taken = [placeOf(other.sides.source), placeOf(other.sides.target)];
      return taken.includes(placeOf(sides.target)) || placeOf(other.sides.target) === placeOf(sides.source);
    });

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
      const targetPassword = body.target_instance.password;
      return {
        sourceKey,
        targetKey,
        source: source.redisUrl,
        target: target.redisUrl,
        ...(password ? { password } : {}),
        ...(targetPassword ? { targetPassword } : {}),
      };
    },

    /** Which side of a configure request the sandbox backs when it backs only one: that migration is emulated. */
    halfBacked(body: BodyOf<"SetOnlineMigrationTask">): "source" | "target" | undefined {
      const backed = (key: string | null | undefined) => key != null && Object.hasOwn(instances.view, key);
      const source = backed(body.source_instance.id ?? body.source_instance.addrs);
      const target = backed(body.target_instance.id);
      return source === target ? undefined : source ? "source" : "target";
    },

    /** The copy begins: the target replicates the source. A target that cannot be reached fails the task. */
    async start(model: Model, task: Task, sides: Sides) {
      known.set(task.id, sides);
      // One server on both sides would replicate itself, and two copies into one target (or a
      // target that is another copy's source) would chain or loop: each would wreck the data.
      if (placeOf(sides.source) === placeOf(sides.target)) {
        model.failCopy(task, INVENTED.sameServer);
        return;
      }
      if (busy(task.id, sides)) {
        model.failCopy(task, INVENTED.serverBusy);
        return;
      }
      // The source is tried first as the replica would reach it, with the request's password (and
      // the user its URL names, for an ACL user): a wrong one fails the task now, as the service
      // does, instead of a sync that never starts.
      const probe = new URL(sides.source);
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
      if (sides.targetPassword && !(await this.targetAccepts(sides))) {
        model.failCopy(task, INVENTED.targetAuthFailure);
        return;
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
        const { hostname, port, username } = new URL(sides.source);
        const user = decodeURIComponent(username);
        if (sides.password || user) {
          if (!before.has(sides.target)) {
            const found = await target.configGet("master*");
            before.set(sides.target, { masterauth: found.masterauth ?? "", masteruser: found.masteruser ?? "" });
          }
          await target.configSet({ masterauth: sides.password ?? "", masteruser: user });
        }
        await target.sendCommand(["REPLICAOF", hostname, port]);
        running.set(task.id, { task, sides });
      } catch {
        // Whatever was set on the target is put back. A fixed message: the server's own may quote
        // the command, and so the password.
        await detach(sides).catch(() => {});
        model.failCopy(task, INVENTED.targetRefused);
      }
    },

    /** Whether the target takes the request's target password (and its URL's user); a server with no password takes any. */
    async targetAccepts(sides: Sides): Promise<boolean> {
      const url = new URL(sides.target);
      url.password = encodeURIComponent(sides.targetPassword ?? "");
      const target = createClient({ url: url.href, socket: { reconnectStrategy: false, connectTimeout: 5000 } });
      target.on("error", () => {});
      try {
        await target.connect();
        await target.ping();
        return true;
      } catch (error) {
        return /without any password configured/i.test(String((error as Error).message));
      } finally {
        await target.close().catch(() => target.destroy());
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
          ended(task);
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
            ended(task);
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
    async switchIps(model: Model, task: Task, rollback: boolean) {
      if (rollback) {
        const sides = switched.get(task.id);
        if (!sides) return;
        switched.delete(task.id);
        instances.swap(sides.sourceKey, sides.targetKey);
        return;
      }
      const copying = running.get(task.id);
      if (!copying) return;
      const { sides } = copying;
      // No write acknowledged through the source's address may be lost: the addresses stop taking
      // writes first, then the target takes the source's last write, and only then is it detached.
      // A target that cannot catch up (its link down, or too far behind) is not switched to: the
      // switch fails, the addresses are given back as they were, and the sync goes on.
      instances.hold(sides.sourceKey, sides.targetKey);
      const inSync = await caughtUp(sides).catch(() => false);
      if (!inSync) {
        instances.release(sides.sourceKey, sides.targetKey);
        task.switchFails = true;
        model.log(task, LOG_LEVEL.ERROR, INVENTED.switchNotInSync);
        return;
      }
      running.delete(task.id);
      try {
        await detach(sides);
      } finally {
        instances.swap(sides.sourceKey, sides.targetKey);
      }
      ended(task);
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
