// What the sandbox answers is what the service answers: a request that breaks the document is a
// 400 in the service's JSON with a catalogue code and the field named (never Prism's 422), the
// gateway's and the service's other refusals likewise, each declared in the document; and every
// property the document documents for a response is sent, with a value, in some answer.
import { type Json, type JsonObject, openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";
import { contractCases } from "../cases.js";
import { PROJECT } from "../contract.js";
import { backupBody, minutes, ONLINE, type Seen, SIDES, useSandbox } from "./harness.js";

const env = useSandbox({ speed: "manual" });

const { deref, operations, jsonContent, walkSchemas, validate } = openDocument();
const ops = operations();
const task = (task_id: string) => ({ params: { path: { task_id } } });

/** The operation of a request, by method and path, for the document's declared answers. */
function operationOf(method: string, path: string) {
  return ops.find((op) => op.method === method && new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path));
}
/** The answer is one the document declares for the operation, and its body validates against it. */
function declared(seen: Seen) {
  const op = operationOf(seen.method, seen.path);
  expect(op, `${seen.method} ${seen.path} is an operation`).toBeDefined();
  const response = op!.responses[String(seen.status)];
  expect(response, `${op!.operationId} declares ${seen.status}`).toBeDefined();
  const schema = jsonContent(deref(response))?.schema as JsonObject | undefined;
  if (schema) expect(validate(schema, seen.body as Json, { strict: true }), `${op!.operationId} ${seen.status}`).toEqual([]);
}

describe("a request that breaks the document", () => {
  const cases = [...contractCases.values()].flatMap((c) => c.invalid.map((invalid) => [`${c.operationId}: ${invalid.name}`, invalid] as const));

  it.each(cases)("%s: 400 in the service's JSON, a catalogue code and the field named, declared", async (_name, invalid) => {
    const seen: Seen[] = [];
    const { response } = await invalid.send(env.client({ seen }));
    const body = seen[0]?.body as { error_code: string; error_msg: string; error_ext_msg: string };
    expect(response.status).toBe(400);
    expect(body.error_code).toMatch(/^DCS\.4(800|004|005|002|070)$/);
    // The field Prism found wrong is named: where the violation is, down to the field.
    const [, where, ...field] = invalid.violation.location;
    const named = field.length ? field.join(".") : where === "body" ? "" : String(where);
    expect(`${body.error_msg} ${body.error_ext_msg}`).toContain(named);
    expect(body.error_ext_msg).toContain(`(${invalid.violation.code})`);
    declared(seen[0]!);
  });

  it("says which field of a nested object is unknown: target_instance.pasword", async () => {
    const seen: Seen[] = [];
    await env.client({ seen }).POST("/v2/{project_id}/migration-task", { body: { ...backupBody(), target_instance: { id: "t", pasword: "x" } as never } });
    expect(seen[0]).toMatchObject({
      status: 400,
      body: { error_code: "DCS.4800", error_msg: "Invalid target_instance.pasword in the request.", error_ext_msg: expect.stringContaining("found 'pasword'") },
    });
  });
});

describe("the gateway's and the service's other refusals, in their JSON", () => {
  const raw = async (method: string, path: string, init: RequestInit = {}) => {
    const answer = await fetch(`${env.sandbox.url}${path}`, { method, ...init });
    return { status: answer.status, type: answer.headers.get("content-type"), body: await answer.json() };
  };
  const token = { "X-Auth-Token": "a-token" };

  it.each([
    ["no credentials", "GET", `/v2/${PROJECT}/migration-tasks`, {}, 401, "APIGW.0301", "x-auth-token not found"],
    ["an unknown path", "GET", `/v2/${PROJECT}/migration-taskz`, { headers: token }, 404, "DCS.4001", "The requested URL does not exist."],
    ["a method the path does not have", "PATCH", `/v2/${PROJECT}/migration-tasks`, { headers: token }, 405, "DCS.5001", "This request method is not allowed."],
    [
      "a body that is not JSON",
      "POST",
      `/v2/${PROJECT}/migration/instance`,
      { headers: { ...token, "Content-Type": "application/json" }, body: "{name:" },
      400,
      "DCS.4005",
      "not in JSON format",
    ],
    [
      "no body",
      "POST",
      `/v2/${PROJECT}/migration/instance`,
      { headers: { ...token, "Content-Type": "application/json" } },
      400,
      "DCS.4004",
      "Empty request body.",
    ],
    ["a malformed project ID", "GET", "/v2/not!a!project/migration-tasks", { headers: token }, 400, "DCS.4002", "Invalid project ID format."],
    ["a malformed task ID", "GET", `/v2/${PROJECT}/migration-task/bad!id`, { headers: token }, 400, "DCS.4070", "Invalid task ID format."],
    ["an offset below 0", "GET", `/v2/${PROJECT}/migration-tasks?offset=-1`, { headers: token }, 400, "DCS.4800", "Invalid offset in the request."],
  ])("%s: %s %s is %i %s", async (_name, method, path, init, status, code, message) => {
    const answer = await raw(method, path, init as RequestInit);
    expect([answer.status, answer.type, answer.body.error_code]).toEqual([status, "application/json", code]);
    expect(`${answer.body.error_msg} ${answer.body.error_ext_msg ?? ""}`).toContain(message);
    const declaredBy = ops.filter((op) => op.responses[String(status)]);
    expect(declaredBy.length, `every operation declares ${status}`).toBe(ops.length);
    const schema = jsonContent(deref(ops[0]!.responses[String(status)]))?.schema as JsonObject;
    expect(validate(schema, answer.body, { strict: true })).toEqual([]);
  });

  it("a server fault is a 500 with a code of the catalogue", async () => {
    env.sandbox.setFaults({ rate: 1, kinds: ["error"] });
    const seen: Seen[] = [];
    await env.client({ seen }).GET("/v2/{project_id}/migration-tasks", {});
    expect(seen[0]).toMatchObject({ status: 500, body: { error_code: "DCS.5000", error_msg: "Internal service error." } });
    declared(seen[0]!);
  });
});

describe("the sandbox's answers, against the response schemas", () => {
  it("send every documented property of every success answer with a value, passwords excepted", async () => {
    const seen: Seen[] = [];
    const client = env.client({ seen });
    // A backup import from OBS, and one from a backup record.
    const obs = (await client.POST("/v2/{project_id}/migration-task", { body: backupBody() })).data!.id!;
    const record = (
      await client.POST("/v2/{project_id}/migration-task", {
        body: { ...backupBody(), backup_files: { file_source: "backup_record", backup_id: "b5e1c7aa-0d2b-4e5c-9f3e-0e6b2b4f3a10", files: [] } },
      })
    ).data!.id!;
    for (const id of [obs, record]) await client.GET("/v2/{project_id}/migration-task/{task_id}", task(id));
    // Stopped while importing: StopMigrationTask answers with the backup files too.
    env.sandbox.advance(minutes(1));
    for (const id of [obs, record]) await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", task(id));
    // An online migration between DCS instances with a bandwidth limit, switched, then stopped.
    const created = (await client.POST("/v2/{project_id}/migration/instance", { body: { ...ONLINE, description: "with all its fields" } })).data!;
    env.sandbox.setNextTransition({ taskId: created.instance_id!, outcome: "fail-ip-switch" });
    env.sandbox.advance(minutes(4));
    await client.GET("/v2/{project_id}/jobs/{job_id}", { params: { path: { job_id: created.job_id! } } });
    await client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...task(created.instance_id!),
      body: { migration_method: "incremental_migration", resume_mode: "auto", bandwidth_limit_mb: 100, ...SIDES },
    });
    env.sandbox.advance(minutes(11));
    await client.GET("/v2/{project_id}/migration-task/{task_id}/stats", task(created.instance_id!));
    await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
      ...task(created.instance_id!),
      body: { exchanged_ip: ["10.0.0.9"], is_exchange_domain: false },
    });
    env.sandbox.advance(minutes(1));
    await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", task(created.instance_id!));
    env.sandbox.advance(minutes(24 * 60 + 1));
    await client.GET("/v2/{project_id}/migration-task/{task_id}", task(created.instance_id!));
    await client.GET("/v2/{project_id}/migration-tasks", {});
    await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", { params: { path: { task_id: created.instance_id! }, query: { limit: 50 } } });
    // A job that failed, and batch calls that fail for a task.
    env.sandbox.setNextTransition({ outcome: "fail-job" });
    const failed = (await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE })).data!;
    env.sandbox.advance(minutes(4));
    await client.GET("/v2/{project_id}/jobs/{job_id}", { params: { path: { job_id: failed.job_id! } } });
    await client.GET("/v2/{project_id}/migration-tasks", {});
    await client.POST("/v2/{project_id}/migration-task/batch-stop", { body: { migration_tasks: [failed.instance_id!] } });
    await client.POST("/v2/{project_id}/migration-tasks/batch-restart", { body: { migration_tasks: [failed.instance_id!] } });
    await client.DELETE("/v2/{project_id}/migration-tasks/delete", { body: { task_id_list: [created.instance_id!] } });

    // Every property path of every success schema, and the ones some answer sent with a value.
    const sent = new Set<string>();
    const collect = (operationId: string, value: unknown, at: string) => {
      if (value === null || value === undefined) return;
      sent.add(`${operationId} ${at}`);
      if (Array.isArray(value)) for (const item of value) collect(operationId, item, `${at}[]`);
      else if (typeof value === "object") for (const [k, v] of Object.entries(value)) collect(operationId, v, `${at}.${k}`);
    };
    for (const answer of seen) {
      declared(answer);
      if (answer.status < 300) collect(operationOf(answer.method, answer.path)!.operationId, answer.body, "");
    }
    // What no answer can carry, and why.
    const cannot = new Set([
      // A task being stopped still has its migration ECS: released_at comes later.
      "StopMigrationTask .released_at",
    ]);
    const missing: string[] = [];
    for (const op of ops) {
      const schema = op.responses["200"] && jsonContent(deref(op.responses["200"]))?.schema;
      if (!schema) continue;
      walkSchemas(schema, (node, _parent, at) => {
        if (!at || /\/(anyOf|allOf|oneOf|if|then|else)/.test(at)) return;
        // A secret is never repeated, whatever the service's own examples do.
        if ([node, ...((node.anyOf as Json[] | undefined) ?? []).map((b) => deref(b))].some((s) => s.format === "password")) return;
        if (!sent.has(`${op.operationId} ${at}`) && !cannot.has(`${op.operationId} ${at}`)) missing.push(`${op.operationId} ${at}`);
      });
    }
    expect(missing).toEqual([]);
  });
});
