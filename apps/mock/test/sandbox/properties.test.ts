// Property-based sequences: hundreds of random operations, valid and invalid, against the sandbox
// through Prism's validating proxy (manual clock, so time moves only when a command says so).
// Every response must keep the document, and the state must never contradict itself: a deleted
// task is gone from the list and reads as DCS.4133, a stopped task stays stopped until restarted,
// the list counts what exists. A failing sequence shrinks to a short reproduction.
import type { DcsClient } from "@dcs-migration/client";
import fc from "fast-check";
import { expect, it } from "vitest";
import { BACKUP, minutes, ONLINE, REFUSALS, SIDES, useSandbox } from "./harness.js";

const env = useSandbox({ speed: "manual" });

interface Model {
  /** Tasks created and not deleted. */
  live: string[];
  deleted: string[];
  /** Tasks last read as TERMINATED, and not restarted or reconfigured since. */
  terminated: Set<string>;
}
interface Real {
  client: DcsClient;
}
type Command = fc.AsyncCommand<Model, Real>;

const UNKNOWN = "00000000-0000-4000-8000-000000000000";
/** A task of the model by index (or an unknown ID when there is none): shrinks well. */
const pick = (model: Model, index: number, from: "live" | "deleted" = "live") => model[from][index % Math.max(1, model[from].length)] ?? UNKNOWN;
const params = (task_id: string) => ({ params: { path: { task_id } } });
/** A refusal must be one of the service's own: a 400 with a catalogue code. */
const refusal = (response: Response, error: { error_code?: string } | undefined) => {
  expect(response.status).toBe(400);
  expect(REFUSALS).toContain(error?.error_code);
};

class CreateOnline implements Command {
  check = () => true;
  async run(model: Model, { client }: Real) {
    const { data } = await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE });
    model.live.push(data!.instance_id!);
  }
  toString = () => "CreateOnlineMigrationTask";
}

class CreateBackup implements Command {
  check = () => true;
  async run(model: Model, { client }: Real) {
    const { data } = await client.POST("/v2/{project_id}/migration-task", {
      body: { ...BACKUP, backup_files: { ...BACKUP.backup_files, files: [...BACKUP.backup_files.files] } },
    });
    model.live.push(data!.id!);
  }
  toString = () => "CreateMigrationTask (backup import)";
}

class Configure implements Command {
  constructor(
    readonly index: number,
    readonly method: "full_amount_migration" | "incremental_migration",
  ) {}
  check = () => true;
  async run(model: Model, { client }: Real) {
    const id = pick(model, this.index);
    const { response, error } = await client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...params(id),
      body: { migration_method: this.method, resume_mode: "auto", ...SIDES },
    });
    if (response.ok) model.terminated.delete(id);
    else refusal(response, error);
  }
  toString = () => `SetOnlineMigrationTask(#${this.index}, ${this.method})`;
}

class Stop implements Command {
  constructor(readonly index: number) {}
  check = () => true;
  async run(model: Model, { client }: Real) {
    const { response, error } = await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", params(pick(model, this.index)));
    if (!response.ok) refusal(response, error);
  }
  toString = () => `StopMigrationTask(#${this.index})`;
}

class Restart implements Command {
  constructor(readonly index: number) {}
  check = () => true;
  async run(model: Model, { client }: Real) {
    const id = pick(model, this.index);
    const { data } = await client.POST("/v2/{project_id}/migration-tasks/batch-restart", { body: { migration_tasks: [id] } });
    const [result] = data?.migration_tasks ?? [];
    expect(result?.task_id).toBe(id);
    if (result?.result === "success") model.terminated.delete(id);
    else expect(["DCS.4133", "DCS.4957"]).toContain(result?.error_code);
  }
  toString = () => `BatchRestartOnlineMigrationTasks(#${this.index})`;
}

class SwitchIps implements Command {
  constructor(
    readonly index: number,
    readonly rollback: boolean,
  ) {}
  check = () => true;
  async run(model: Model, { client }: Real) {
    const id = pick(model, this.index);
    const { response, error } = this.rollback
      ? await client.POST("/v2/{project_id}/migration-task/{task_id}/rollback-ip", params(id))
      : await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
          ...params(id),
          body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: false },
        });
    if (!response.ok) refusal(response, error);
  }
  toString = () => `${this.rollback ? "RollbackExchangeInstanceIp" : "ExchangeInstanceIp"}(#${this.index})`;
}

class Delete implements Command {
  constructor(readonly index: number) {}
  check = (model: Readonly<Model>) => model.live.length > 0;
  async run(model: Model, { client }: Real) {
    const id = pick(model, this.index);
    const { response, error, data } = await client.DELETE("/v2/{project_id}/migration-tasks/delete", { body: { task_id_list: [id] } });
    if (!response.ok) return refusal(response, error);
    expect(data?.task_id_list).toEqual([id]);
    model.live.splice(model.live.indexOf(id), 1);
    model.deleted.push(id);
    model.terminated.delete(id);
  }
  toString = () => `DeleteMigrationTask(#${this.index})`;
}

class Advance implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  async run() {
    env.sandbox.advance(this.ms);
  }
  toString = () => `advance(${Math.round(this.ms / 1000)} s)`;
}

class Show implements Command {
  constructor(
    readonly index: number,
    readonly deleted: boolean,
  ) {}
  check = () => true;
  async run(model: Model, { client }: Real) {
    const id = pick(model, this.index, this.deleted ? "deleted" : "live");
    const { data, error, response } = await client.GET("/v2/{project_id}/migration-task/{task_id}", params(id));
    if (this.deleted || id === UNKNOWN) return expect([response.status, error?.error_code]).toEqual([400, "DCS.4133"]);
    expect(data?.task_id).toBe(id);
    if (model.terminated.has(id)) expect(data?.status, `${id} was TERMINATED and nothing restarted it`).toBe("TERMINATED");
    if (data?.status === "TERMINATED") model.terminated.add(id);
  }
  toString = () => `ShowMigrationTask(#${this.index}${this.deleted ? ", deleted" : ""})`;
}

class List implements Command {
  check = () => true;
  async run(model: Model, { client }: Real) {
    const { data } = await client.GET("/v2/{project_id}/migration-tasks", { params: { query: { limit: 100 } } });
    const ids = (data?.migration_tasks ?? []).map((t) => t.task_id);
    expect(data?.count).toBe(model.live.length);
    expect(new Set(ids)).toEqual(new Set(model.live));
  }
  toString = () => "ListMigrationTask";
}

/** A request that breaks the document, sent without the client's types: Prism must refuse it. */
class Invalid implements Command {
  constructor(readonly which: number) {}
  check = () => true;
  async run(_model: Model, { client }: Real) {
    const broken = [
      () => client.POST("/v2/{project_id}/migration/instance", { body: { ...ONLINE, vpcId: "typo" } as never }),
      () => client.POST("/v2/{project_id}/migration-task/batch-stop", { body: { migration_tasks: [] } }),
      () => client.GET("/v2/{project_id}/migration-task/{task_id}/logs", { params: { path: { task_id: UNKNOWN }, query: { log_level: "WARN" as never } } }),
    ][this.which % 3]!;
    const { response } = await broken();
    expect(response.status).toBe(422);
  }
  toString = () => `invalid request #${this.which % 3}`;
}

const index = fc.nat(7);
const commands = [
  fc.constant(new CreateOnline()),
  fc.constant(new CreateBackup()),
  fc
    .tuple(index, fc.constantFrom("full_amount_migration", "incremental_migration") as fc.Arbitrary<"full_amount_migration" | "incremental_migration">)
    .map(([i, m]) => new Configure(i, m)),
  index.map((i) => new Stop(i)),
  index.map((i) => new Restart(i)),
  fc.tuple(index, fc.boolean()).map(([i, rollback]) => new SwitchIps(i, rollback)),
  index.map((i) => new Delete(i)),
  fc.integer({ min: 1, max: minutes(12) }).map((ms) => new Advance(ms)),
  fc.tuple(index, fc.boolean()).map(([i, deleted]) => new Show(i, deleted)),
  fc.constant(new List()),
  fc.nat(2).map((i) => new Invalid(i)),
];

it("random operations, valid and invalid, never make the sandbox contradict itself or the document", { timeout: 120_000 }, async () => {
  let operations = 0;
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: "max" }), async (cmds) => {
      env.sandbox.reset();
      const client = env.client();
      operations += [...cmds].length;
      await fc.asyncModelRun(() => ({ model: { live: [], deleted: [], terminated: new Set<string>() }, real: { client } }), cmds);
    }),
    { numRuns: 15, seed: 20261123, endOnFailure: false },
  );
  expect(operations).toBeGreaterThan(200);
});
