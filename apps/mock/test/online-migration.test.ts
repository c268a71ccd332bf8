// The client's examples/online-migration.ts, as users get it from the package, run end to end
// against the Prism mock. Prism is stateless, so a fetch in front of it names the example answer a
// real service would give at each step (the task read after an IP switch shows the switch, and so
// on): a stand-in until the stateful sandbox answers by itself.
import { createDcsClient } from "@dcs-migration/client";
import { runOnlineMigration } from "@dcs-migration/client/examples/online-migration";
import { expect, inject, it } from "vitest";
import { PROJECT, violations } from "./contract.js";

/** Which named example of ShowMigrationTask the service would answer after each kind of call. */
const AFTER: Array<[RegExp, string]> = [
  [/\/migration\/[^/]+\/task$/, "ShowMigrationTaskIncremental"],
  [/\/exchange-ip$/, "ShowMigrationTaskIpSwitched"],
  [/\/rollback-ip$/, "ShowMigrationTaskIpRolledBack"],
  [/\/stop$/, "ShowMigrationTaskStopped"],
];

it("runs a whole online migration (create, job, configure, progress, IP switch, rollback, stop, delete) against the mock", async () => {
  const calls: string[] = [];
  const problems: string[] = [];
  let taskAnswer = "ShowMigrationTask200";
  const steering = async (request: Request) => {
    const path = new URL(request.url).pathname;
    calls.push(`${request.method} ${path.replace(`/v2/${PROJECT}`, "")}`);
    const after = AFTER.find(([pattern]) => request.method === "POST" && pattern.test(path));
    if (after) taskAnswer = after[1];
    const isTaskRead = request.method === "GET" && /\/migration-task\/[^/]+$/.test(path);
    if (isTaskRead) request.headers.set("Prefer", `example=${taskAnswer}`);
    const response = await fetch(request);
    problems.push(...violations(response).map((v) => `${request.method} ${path}: ${v.message}`));
    return response;
  };
  const client = createDcsClient({ endpoint: inject("prismUrl"), projectId: PROJECT, credentials: { token: "any" }, fetch: steering, retry: false });
  let output = "";
  const taskId = await runOnlineMigration(
    client,
    {
      name: "dcs-migration-example",
      vpcId: "5e37b3be-950a-48e1-b498-65b63d336481",
      subnetId: "40f15ed6-7f85-49d5-ba0e-65b940d4812c",
      securityGroupId: "9df96622-24b7-4813-84b8-ab74552a21d7",
      source: { addrs: "192.168.1.1:6379", password: "source-secret" },
      target: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd" },
      exchangedIps: ["192.168.0.153"],
      intervalMs: 1,
    },
    { write: (text: string) => (output += text) },
  );

  expect(taskId).toBe("b21989ec-2889-4b8e-99db-19c073425ec2");
  expect(problems).toEqual([]);
  expect(new Set(calls)).toEqual(
    new Set([
      "POST /migration/instance",
      "GET /jobs/ff8080818822bbf70188235afc24141a",
      `POST /migration/${taskId}/task`,
      `GET /migration-task/${taskId}`,
      `GET /migration-task/${taskId}/stats`,
      `POST /migration-task/${taskId}/exchange-ip`,
      `POST /migration-task/${taskId}/rollback-ip`,
      `POST /migration-task/${taskId}/stop`,
      "DELETE /migration-tasks/delete",
      "GET /migration-tasks",
    ]),
  );
  expect(output).toContain("[####################] 100% INCRMIGEATING, 531211 of 531221 keys");
  expect(output).toMatch(/IPs switched[\s\S]*IP switch rolled back[\s\S]*migration stopped[\s\S]*deleted/);
});
