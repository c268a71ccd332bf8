// Property-based sequences: some five hundred random calls, valid and invalid (broken requests of
// the contract cases among them); `npm run soak` runs twice as many, other ones each time
// (DCS_PROPERTY_SEED, DCS_PROPERTY_RUNS). Against the sandbox on a manual clock (time moves only when a
// command says so). Every answer must be one the document declares for its operation, in the
// service's JSON when it is an error, valid against its schema; and the state must never
// contradict itself: a deleted task is gone from the list and reads DELETED or DCS.4133, a stopped
// task stays stopped until restarted, the list counts what exists. A failure shrinks to a short
// reproduction.
import type { DcsClient } from "@dcs-migration/client";
import { type Json, type JsonObject, openDocument } from "@dcs-migration/openapi/walker";
import fc from "fast-check";
import { expect, it } from "vitest";
import { contractCases } from "../cases.js";
import { backupBody, minutes, ONLINE, SELF_BUILT, type Seen, SIDES, useSandbox } from "./harness.js";

const env = useSandbox({ speed: "manual" });

/** Sequences of up to 80 calls: 20 (some five hundred calls) unless DCS_PROPERTY_RUNS says otherwise (the soak: 40). */
const RUNS = Number(process.env.DCS_PROPERTY_RUNS ?? 20);
const { deref, operations, jsonContent, validate } = openDocument();
const ops = operations();

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
/** A refusal is one of the service's own: a 400 with the code of a missing task or a status that does not allow it. */
const refusal = (response: Response, error: { error_code?: string } | undefined) => {
  expect(response.status).toBe(400);
  expect(["DCS.4133", "DCS.4957", "DCS.4017"]).toContain(error?.error_code);
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
    const { data } = await client.POST("/v2/{project_id}/migration-task", { body: backupBody() });
    model.live.push(data!.id!);
  }
  toString = () => "CreateMigrationTask (backup import)";
}

class Configure implements Command {
  constructor(
    readonly index: number,
    readonly method: "full_amount_migration" | "incremental_migration",
    readonly dcsSource: boolean,
  ) {}
  check = () => true;
  async run(model: Model, { client }: Real) {
    const id = pick(model, this.index);
    const { response, error } = await client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...params(id),
      body: { migration_method: this.method, resume_mode: "auto", ...(this.dcsSource ? SIDES : SELF_BUILT) },
    });
    if (response.ok) model.terminated.delete(id);
    else refusal(response, error);
  }
  toString = () => `SetOnlineMigrationTask(#${this.index}, ${this.method}, ${this.dcsSource ? "DCS source" : "self-built source"})`;
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
    if (id === UNKNOWN) return expect([response.status, error?.error_code]).toEqual([400, "DCS.4133"]);
    // A deleted task reads DELETED for a while, then is unknown.
    if (this.deleted) return expect(data ? data.status : error?.error_code).toMatch(/^(DELETED|DCS\.4133)$/);
    expect(data?.task_id).toBe(id);
    if (model.terminated.has(id)) expect(data?.status, `${id} was TERMINATED and nothing restarted it`).toMatch(/^(TERMINATED|RELEASED)$/);
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

/** A request that breaks the document, from the contract cases: a 400 in the service's JSON, never Prism's 422. */
const BROKEN = [...contractCases.values()].flatMap((c) => c.invalid.map((invalid) => ({ name: `${c.operationId}: ${invalid.name}`, send: invalid.send })));
class Invalid implements Command {
  constructor(readonly which: number) {}
  check = () => true;
  async run(_model: Model, { client }: Real) {
    const { response } = await BROKEN[this.which % BROKEN.length]!.send(client);
    expect(response.status).toBe(400);
  }
  toString = () => `invalid request (${BROKEN[this.which % BROKEN.length]!.name})`;
}

const index = fc.nat(7);
const commands = [
  fc.constant(new CreateOnline()),
  fc.constant(new CreateBackup()),
  fc
    .tuple(
      index,
      fc.constantFrom("full_amount_migration", "incremental_migration") as fc.Arbitrary<"full_amount_migration" | "incremental_migration">,
      fc.boolean(),
    )
    .map(([i, m, dcs]) => new Configure(i, m, dcs)),
  index.map((i) => new Stop(i)),
  index.map((i) => new Restart(i)),
  fc.tuple(index, fc.boolean()).map(([i, rollback]) => new SwitchIps(i, rollback)),
  index.map((i) => new Delete(i)),
  fc.integer({ min: 1, max: minutes(12) }).map((ms) => new Advance(ms)),
  fc.tuple(index, fc.boolean()).map(([i, deleted]) => new Show(i, deleted)),
  fc.constant(new List()),
  fc.nat(BROKEN.length - 1).map((i) => new Invalid(i)),
];

/** The answer is one the document declares for the operation, valid against it: an undocumented one is counted. */
function undocumented(seen: Seen): string | undefined {
  const op = ops.find((o) => o.method === seen.method && new RegExp(`^${o.path.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(seen.path));
  const response = op?.responses[String(seen.status)];
  if (!op || !response) return `${seen.method} ${seen.path} answered ${seen.status}, which ${op?.operationId ?? "no operation"} does not declare`;
  const schema = jsonContent(deref(response))?.schema as JsonObject | undefined;
  const errors = schema ? validate(schema, seen.body as Json, { strict: true }) : seen.body === undefined ? [] : ["a body where none is declared"];
  return errors.length ? `${op.operationId} ${seen.status}: ${errors.join("; ")}` : undefined;
}

it(`${RUNS} sequences of random calls, valid and invalid, never get an undocumented answer nor make the sandbox contradict itself`, {
  timeout: Math.max(120_000, RUNS * 3000),
}, async () => {
  const seen: Seen[] = [];
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 80, size: "max" }), async (cmds) => {
      env.sandbox.reset();
      const client = env.client({ seen });
      await fc.asyncModelRun(() => ({ model: { live: [], deleted: [], terminated: new Set<string>() }, real: { client } }), cmds);
    }),
    // A fixed seed: the same sequences in every npm test; the soak passes seeds of its own.
    { numRuns: RUNS, seed: Number(process.env.DCS_PROPERTY_SEED ?? 20261201), endOnFailure: false },
  );
  const wrong = seen.map(undocumented).filter((w) => w !== undefined);
  const invalid = seen.filter((s) => s.status === 400).length;
  console.log(`sandbox properties: ${seen.length} calls (${invalid} answered 400), ${wrong.length} undocumented answers`);
  expect(wrong).toEqual([]);
  expect(seen.length).toBeGreaterThan(RUNS * 25);
});
