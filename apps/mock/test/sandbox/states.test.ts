// The state machines of the sandbox (src/sandbox/states.ts) against the document: every status they
// use is one of the document's, every status that an x-lifecycle flow names is one they can reach,
// and in every status the document allows an operation in, they have the transition it needs.
import type { OperationId } from "@dcs-migration/client/operations";
import { openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";
import { operations } from "../../src/sandbox/document.js";
import { JOB_TRANSITIONS, next, SWITCH_TRANSITIONS, TASK_TRANSITIONS, type Transition } from "../../src/sandbox/states.js";

const { deref } = openDocument();
const schema = (name: string) => deref({ $ref: `#/components/schemas/${name}` });
const enumOf = (name: string) => new Set(schema(name).enum as string[]);
const flows = (name: string) => (schema(name)["x-lifecycle"] as { flows: Array<{ name: string; statuses: string[] }> }).flows;
const statusesOf = (table: ReadonlyArray<Transition<string, string>>) => new Set(table.flatMap((t) => [...t.from, t.to]).filter((s) => s !== null));
const reachable = (table: ReadonlyArray<Transition<string, string>>) => new Set(table.map((t) => t.to));

/**
 * The transition each operation makes, by table: what the sandbox does when it accepts; null for one
 * that moves no status. Every operation of the document has its line: a new one is a compile error
 * here until its move is written down.
 */
const MADE: { [K in OperationId]: { table: ReadonlyArray<Transition<string, string>>; on: string; of: "status" | "task_status" } | null } = {
  // They create tasks and jobs, or only read.
  CreateOnlineMigrationTask: null,
  CreateMigrationTask: null,
  ShowJobInfo: null,
  ShowMigrationTask: null,
  ShowMigrationTaskStats: null,
  ListMigrationTask: null,
  ListMigrationTaskLogs: null,
  SetOnlineMigrationTask: { table: TASK_TRANSITIONS, on: "configured", of: "status" },
  StopMigrationTask: { table: TASK_TRANSITIONS, on: "stop", of: "status" },
  StopMigrationTaskSync: { table: TASK_TRANSITIONS, on: "stop", of: "status" },
  BatchStopMigrationTasks: { table: TASK_TRANSITIONS, on: "stop", of: "status" },
  BatchRestartOnlineMigrationTasks: { table: TASK_TRANSITIONS, on: "restarted", of: "status" },
  DeleteMigrationTask: { table: TASK_TRANSITIONS, on: "deleted", of: "status" },
  ExchangeInstanceIp: { table: SWITCH_TRANSITIONS, on: "exchange", of: "task_status" },
  RollbackExchangeInstanceIp: { table: SWITCH_TRANSITIONS, on: "rolled-back", of: "task_status" },
  // Sets the reconnection mode: no status changes.
  UpdateMigrationTask: null,
};

describe("the sandbox's state machines, against the document", () => {
  it.each([
    ["MigrationStatus", TASK_TRANSITIONS],
    ["JobStatus", JOB_TRANSITIONS],
    ["IpExchangeStatus", SWITCH_TRANSITIONS],
  ] as const)("use only statuses of %s", (name, table) => {
    const known = enumOf(name);
    expect([...statusesOf(table)].filter((s) => !known.has(s))).toEqual([]);
  });

  it.each([
    ["MigrationStatus", TASK_TRANSITIONS],
    ["IpExchangeStatus", SWITCH_TRANSITIONS],
  ] as const)("can reach every status that an x-lifecycle flow of %s names", (name, table) => {
    const named = new Set(flows(name).flatMap((f) => f.statuses));
    expect(named.size).toBeGreaterThan(2);
    expect([...named].filter((s) => !reachable(table).has(s))).toEqual([]);
  });

  it("have, for every operation the document constrains, its transition in every status the document allows it in", () => {
    const constrained = operations.filter((op) => op.allowed);
    // A move written down for an operation the document does not constrain would never be checked.
    const moving = Object.entries(MADE).filter(([, made]) => made !== null);
    expect(moving.map(([id]) => id).filter((id) => !constrained.some((op) => op.operationId === id))).toEqual([]);
    for (const op of constrained) {
      const made = MADE[op.operationId as OperationId];
      if (!made) continue;
      const allowed = made.of === "status" ? op.allowed!.status : (op.allowed!.task_status ?? []);
      for (const status of allowed) {
        expect(() => next(made.table, status, made.on), `${op.operationId} in ${status}`).not.toThrow();
      }
    }
  });

  it("refuses, as a defect, a move the tables do not have", () => {
    expect(() => next(TASK_TRANSITIONS, "SUCCESS", "stop")).toThrow("sandbox defect: no transition on stop from SUCCESS");
  });
});
