// dcs-migrate as installed from its tarball, run as a process against the sandbox (installed too):
// every exit code, a whole migration planned, switched, rolled back, stopped and deleted, a backup
// import, failures and stalls, Ctrl-C and a second run that resumes, a dry run that calls nothing,
// and no secret in any output or state file. The shared sandbox checks every signature; its clock
// is manual and moved by each request of the test's own project (stepMs): the same statuses at the
// same polls, whatever the machine's load or the tests beside.
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { createDcsClient, unwrap, waitForJob } from "@dcs-migration/client";
import { describe, expect, it } from "vitest";
import { GOOD as ONLINE } from "../../../packages/cli/test/plans.js";
import { runBin, scratch, start } from "./installed.js";
import { newProject, project, SANDBOX, SANDBOX_CREDENTIALS } from "./sandbox.js";

const SECRETS = { SOURCE_REDIS_PASSWORD: "SENTINEL-SOURCE-PW-5e1f", TARGET_REDIS_PASSWORD: "SENTINEL-TARGET-PW-9c2a", ...SANDBOX_CREDENTIALS };
const fast = ["--poll-interval", "10ms"];
const at = () => ["--endpoint", SANDBOX.url];

const BACKUP = `version: 1
backup_import:
  task_name: restore
  migration_type: backupfile_import
  migration_method: full_amount_migration
  backup_files: { file_source: self_build_obs, bucket_name: backups, files: [{ file_name: dump.rdb }] }
  target_instance: { id: cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd, password: "\${TARGET_REDIS_PASSWORD}" }
`;

/** A plan in a folder of its own; its state file goes next to it. */
function plan(text: string, name = "cutover.yaml") {
  const dir = scratch("cli");
  writeFileSync(join(dir, name), text);
  return { dir, file: join(dir, name), state: join(dir, name.replace(/\.ya?ml$/, ".state.json")) };
}
const noSecret = (...texts: string[]) => {
  for (const text of texts) for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
};
/** A project of its own for a test: its environment, dcs-migrate run in it, its controls and tasks. */
function fresh() {
  const projectId = newProject();
  const sandbox = project(projectId);
  const env = (extra: Record<string, string> = {}) => ({ CLOUD_SDK_PROJECT_ID: projectId, ...SECRETS, ...extra });
  return {
    projectId,
    env,
    sandbox,
    dcsMigrate: (args: string[], cwd: string, extra?: Record<string, string>, input?: string) => runBin("dcs-migrate", args, env(extra), cwd, input),
    tasks: async () => (await sandbox.tasks()).filter((t) => t.status !== "DELETED"),
  };
}

describe.concurrent("dcs-migrate run", () => {
  it("runs a whole online migration to the IP switch; then rolls it back, stops and deletes it (exit 0 each)", async () => {
    const { projectId, sandbox, dcsMigrate, tasks } = fresh();
    const { dir, file, state } = plan(ONLINE);
    const run = await dcsMigrate(["run", file, "--yes", ...at(), ...fast], dir);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.split("\n");
    for (const step of [
      "created migration task",
      "the migration ECS is ready",
      "configured: incremental migration",
      "full copy finished",
      "has caught up",
      "IP switch started",
      "IPs switched (EXCHANGE_SUCCESS)",
    ]) {
      expect(
        lines.some((l) => l.includes(step)),
        step,
      ).toBe(true);
    }
    const saved = JSON.parse(readFileSync(state, "utf8"));
    expect(saved).toMatchObject({ version: 1, plan: "cutover.yaml", kind: "online_migration", step: "done" });
    expect(await tasks()).toEqual([{ task_id: saved.taskId, project_id: projectId, status: "INCRMIGEATING", task_status: "EXCHANGE_SUCCESS" }]);
    noSecret(run.stdout, run.stderr, readFileSync(state, "utf8"));

    const rollback = await dcsMigrate(["rollback-ip", saved.taskId, "--yes", ...at(), ...fast], dir);
    expect([rollback.code, rollback.stderr]).toEqual([0, expect.stringContaining("ROLLBACK_SUCCESS")]);
    const stop = await dcsMigrate(["stop", saved.taskId, "--yes", ...at(), ...fast], dir);
    expect([stop.code, (await sandbox.tasks())[0]?.status]).toEqual([0, "TERMINATED"]);
    const remove = await dcsMigrate(["delete", saved.taskId, "--yes", ...at(), ...fast], dir);
    expect([remove.code, await tasks()]).toEqual([0, []]);
  });

  it("imports a backup (exit 0), and says so in JSON Lines when asked: step events, then done", async () => {
    const { dcsMigrate } = fresh();
    const { dir, file } = plan(BACKUP, "restore.yaml");
    const run = await dcsMigrate(["--json", "run", file, ...at(), ...fast], dir);
    expect(run.code, run.stderr).toBe(0);
    const events = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ event: "step", step: "created" });
    expect(events.filter((e) => e.event === "progress").map((e) => e.status)).toContain("MIGRATING");
    expect(events.at(-1)).toEqual({ event: "done", task_id: events[0].task_id, status: "SUCCESS", task_status: null });
    noSecret(run.stdout, run.stderr);
  });

  it("calls nothing in a dry run: no task, no state file; secrets as ***", async () => {
    const { sandbox, dcsMigrate } = fresh();
    const { dir, file, state } = plan(ONLINE);
    const run = await dcsMigrate(["run", file, "--dry-run", ...at()], dir);
    expect(run.code).toBe(0);
    // The calls are the dry run's output, on stdout.
    expect(run.stdout).toContain('"password": "***"');
    expect(await sandbox.tasks()).toEqual([]);
    expect(() => readFileSync(state)).toThrow();
    noSecret(run.stdout, run.stderr);
  });

  it("stops at Ctrl-C during a wait (exit 130, state saved); a second run resumes and finishes, with one task", async () => {
    const { env, dcsMigrate, tasks } = fresh();
    const { dir, file, state } = plan(ONLINE);
    // A minute between polls: Ctrl-C lands in the wait, whatever the machine's speed.
    const first = start("dcs-migrate", ["run", file, "--yes", ...at(), "--poll-interval", "60s"], env(), dir);
    await first.until(({ stderr }) => stderr.includes("waiting for job"));
    first.child.kill("SIGINT");
    const interrupted = await first.finished;
    expect([interrupted.code, interrupted.stderr]).toEqual([130, expect.stringContaining("the same dcs-migrate run resumes it")]);
    expect(JSON.parse(readFileSync(state, "utf8")).step).toBe("created");

    const second = await dcsMigrate(["run", file, "--yes", ...at(), ...fast], dir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`resuming ${file} from ${state}`);
    expect(await tasks()).toHaveLength(1);
    // Done: a third run neither resumes nor creates anything.
    const third = await dcsMigrate(["run", file, ...at()], dir);
    expect([third.code, third.stderr, await tasks()]).toEqual([0, expect.stringContaining("already ran to the end"), [expect.anything()]]);
  });

  it("resumes only the plan it ran: a value changed (by the file or the environment) is refused, naming the field; a comment is not", async () => {
    const { dcsMigrate } = fresh();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's own ${NAME}, as a plan writes it.
    const { dir, file, state } = plan(BACKUP.replace("task_name: restore", 'task_name: "${TASK_NAME}"'), "values.yaml");
    const first = await dcsMigrate(["run", file, ...at(), ...fast], dir, { TASK_NAME: "restore" });
    expect(first.code, first.stderr).toBe(0);
    // Back to a step before the end, as a run stopped midway leaves it.
    writeFileSync(state, JSON.stringify({ ...JSON.parse(readFileSync(state, "utf8")), step: "created" }));
    const otherEnv = await dcsMigrate(["run", file, ...at()], dir, { TASK_NAME: "restore-elsewhere" });
    expect([otherEnv.code, otherEnv.stderr]).toEqual([2, expect.stringContaining("resolves to other values than when")]);
    expect(otherEnv.stderr).toContain("(backup_import.task_name)");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace("file_name: dump.rdb", "file_name: other.rdb"));
    const otherFile = await dcsMigrate(["run", file, ...at()], dir, { TASK_NAME: "restore" });
    expect([otherFile.code, otherFile.stderr]).toEqual([2, expect.stringContaining("(backup_import.backup_files.files.0.file_name)")]);
    writeFileSync(file, `# reviewed by ops\n${text}`);
    const commented = await dcsMigrate(["run", file, ...at(), ...fast], dir, { TASK_NAME: "restore" });
    expect([commented.code, commented.stderr]).toEqual([0, expect.stringContaining("resuming")]);
    // The state holds hashes of values, never a secret (the password field is not among them).
    const saved = readFileSync(state, "utf8");
    noSecret(saved);
    expect(Object.keys(JSON.parse(saved).fields)).not.toContain("backup_import.target_instance.password");
  });

  it("stops when the state's task is gone, and starts over with --restart", async () => {
    const { sandbox, dcsMigrate, tasks } = fresh();
    const { dir, file } = plan(BACKUP, "again.yaml");
    expect((await dcsMigrate(["run", file, ...at(), ...fast], dir)).code).toBe(0);
    await sandbox.reset();
    const stateOf = JSON.parse(readFileSync(join(dir, "again.state.json"), "utf8"));
    writeFileSync(join(dir, "again.state.json"), JSON.stringify({ ...stateOf, step: "created" }));
    const gone = await dcsMigrate(["run", file, ...at()], dir);
    expect([gone.code, gone.stderr]).toEqual([4, expect.stringContaining("no longer exists")]);
    const restarted = await dcsMigrate(["run", file, "--restart", ...at(), ...fast], dir);
    expect([restarted.code, await tasks()]).toEqual([0, [expect.anything()]]);
  });
});

describe.concurrent("dcs-migrate's exit codes", () => {
  it("5 when the job fails, with its reason", async () => {
    const { sandbox, dcsMigrate } = fresh();
    const { dir, file } = plan(ONLINE);
    await sandbox.setNextTransition({ outcome: "fail-job" });
    const run = await dcsMigrate(["run", file, "--yes", ...at(), ...fast], dir);
    expect([run.code, run.stderr]).toEqual([5, expect.stringContaining("failed: The subnet has no free IP address")]);
  });

  it("5 when the IP switch fails", async () => {
    const { sandbox, dcsMigrate } = fresh();
    const { dir, file } = plan(ONLINE);
    await sandbox.setNextTransition({ outcome: "fail-ip-switch" });
    const run = await dcsMigrate(["run", file, "--yes", ...at(), ...fast], dir);
    expect([run.code, run.stderr]).toEqual([5, expect.stringContaining("task_status EXCHANGE_FAILED")]);
  });

  it("6 when the incremental sync stalls, saying where it stands", async () => {
    const { sandbox, dcsMigrate } = fresh();
    const { dir, file } = plan(ONLINE);
    await sandbox.setNextTransition({ outcome: "stall-sync" });
    const run = await dcsMigrate(["run", file, "--yes", ...at(), "--poll-interval", "50ms", "--stall-after", "1s"], dir);
    expect([run.code, run.stderr]).toEqual([
      6,
      expect.stringMatching(/has not moved for \d+ s \(--stall-after\): still INCRMIGEATING, progress 100%, offset [1-9]/),
    ]);
  });

  it("6 when a wait outlasts --timeout", async () => {
    const { dcsMigrate } = fresh();
    const { dir, file } = plan(BACKUP, "slow.yaml");
    // Each request moves the clock 20 s: 300 ms of polls every 50 ms cannot see a five-minute import end.
    const created = await dcsMigrate(["run", file, ...at(), "--poll-interval", "50ms", "--timeout", "300ms"], dir);
    expect([created.code, created.stderr]).toEqual([6, expect.stringContaining("after 300 ms (--timeout)")]);
  });

  it("4 when the service refuses, with its code and the catalogue's fix", async () => {
    const { dcsMigrate } = fresh();
    const { dir, file } = plan(BACKUP, "refused.yaml");
    const done = await dcsMigrate(["run", file, ...at(), ...fast], dir);
    const { taskId } = JSON.parse(readFileSync(join(dir, "refused.state.json"), "utf8"));
    expect(done.code).toBe(0);
    const run = await dcsMigrate(["switch-ip", taskId, "--yes", ...at(), ...fast], dir);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      /HTTP 400 DCS\.4957: This operation is not allowed when the task is in the current state\. \(ExchangeInstanceIp is not allowed while the task is SUCCESS/,
    );
    // The hint fits the task: a backup import that has ended never reaches an IP switch.
    expect(run.stderr).toContain(
      `ExchangeInstanceIp is allowed only while a task is INCRMIGEATING; task ${taskId} has ended (SUCCESS), so it never will be for this task`,
    );
  });

  it("3 when the gateway refuses the credentials (401), and when one is missing", async () => {
    const { dcsMigrate } = fresh();
    const dir = scratch("creds");
    const wrongSk = "SENTINEL-SK-wrong-0123";
    const refused = await dcsMigrate(["status", ...at()], dir, { CLOUD_SDK_SK: wrongSk });
    expect([refused.code, refused.stderr]).toEqual([3, expect.stringContaining("HTTP 401 APIGW.0301")]);
    const missing = await dcsMigrate(["status", ...at()], dir, { CLOUD_SDK_AK: "" });
    expect([missing.code, missing.stderr]).toEqual([3, expect.stringContaining("CLOUD_SDK_AK")]);
    noSecret(refused.stderr, missing.stderr);
    expect(refused.stderr + missing.stderr).not.toContain(wrongSk);
  });

  it("2 on a plan error, nothing called", async () => {
    const { sandbox, dcsMigrate } = fresh();
    const { dir, file } = plan(ONLINE.replace("vpc_id:", "vpcid:"));
    const run = await dcsMigrate(["run", file, "--yes", ...at()], dir);
    expect([run.code, run.stderr, await sandbox.tasks()]).toEqual([
      2,
      expect.stringContaining(`${file}:5:5: online_migration.create.vpcid: unknown field; did you mean vpc_id?`),
      [],
    ]);
  });

  it("1 on what dcs-migrate did not expect: an answer without the IDs it needs", async () => {
    const { dcsMigrate } = fresh();
    const odd = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "X-Request-Id": "0123456789abcdef0123456789abcdef" });
      res.end("{}");
    });
    await new Promise<void>((resolve) => odd.listen(0, "127.0.0.1", resolve));
    try {
      const { dir, file } = plan(ONLINE);
      const run = await dcsMigrate(["run", file, "--yes", "--endpoint", `http://127.0.0.1:${(odd.address() as { port: number }).port}`], dir);
      expect([run.code, run.stderr]).toEqual([1, expect.stringContaining("answered without a task or job ID")]);
    } finally {
      odd.close();
    }
  });
});

describe("dcs-migrate status, wait, logs and api", () => {
  it("shows every task, one task with its progress, its log; waits for a status; calls any operation", async () => {
    const { dcsMigrate } = fresh();
    const { dir, file, state } = plan(BACKUP, "b.yaml");
    expect((await dcsMigrate(["run", file, ...at(), ...fast], dir)).code).toBe(0);
    const { taskId } = JSON.parse(readFileSync(state, "utf8"));
    const all = await dcsMigrate(["status", ...at()], dir);
    expect(all.stdout).toMatch(new RegExp(`^TASK ID\\s+NAME\\s+STATUS[\\s\\S]*\\n${taskId}\\s+restore\\s+SUCCESS\\s+backupfile_import`));
    const one = await dcsMigrate(["--json", "status", taskId, ...at()], dir);
    expect(JSON.parse(one.stdout.split("\n")[0]!)).toMatchObject({ event: "task", task: { task_id: taskId, status: "SUCCESS" } });
    const waited = await dcsMigrate(["wait", taskId, "--until", "SUCCESS", ...at(), ...fast], dir);
    expect([waited.code, waited.stderr]).toEqual([0, expect.stringContaining(`task ${taskId} is SUCCESS`)]);
    const logs = await dcsMigrate(["logs", taskId, ...at()], dir);
    expect(logs.stdout).toMatch(/INFO\s+Backup import started\.\n.*INFO\s+Backup import finished\./);
    const shown = await dcsMigrate(["api", "show-migration-task", "--task-id", taskId, ...at()], dir);
    expect(JSON.parse(shown.stdout)).toMatchObject({ task_id: taskId, status: "SUCCESS", migration_type: "backupfile_import" });
    const body = join(dir, "create.yaml");
    writeFileSync(body, "name: from-a-file\nvpc_id: v\nsubnet_id: s\nsecurity_group_id: g\n");
    const created = await dcsMigrate(["api", "create-online-migration-task", "--body", `@${body}`, ...at()], dir);
    expect(JSON.parse(created.stdout)).toEqual({ instance_id: expect.any(String), job_id: expect.any(String) });
    const piped = await dcsMigrate(["api", "list-migration-task", "--name", "from-a-file", ...at()], dir);
    expect(JSON.parse(piped.stdout).count).toBe(1);
    const stdin = await dcsMigrate(
      ["api", "update-migration-task", "--task-id", JSON.parse(created.stdout).instance_id, "--body", "-", ...at()],
      dir,
      {},
      '{"resume_mode":"manual"}',
    );
    expect(stdin.code, stdin.stderr).toBe(0);
  });
});

describe("dcs-migrate with more tasks than one batch call takes", () => {
  it("stops 120 tasks in one stop: three calls of at most 50 IDs (the document's limit), the results merged", async () => {
    const { projectId, dcsMigrate, sandbox } = fresh();
    const client = createDcsClient({
      endpoint: SANDBOX.url,
      projectId,
      credentials: { accessKeyId: SANDBOX_CREDENTIALS.CLOUD_SDK_AK, secretAccessKey: SANDBOX_CREDENTIALS.CLOUD_SDK_SK },
    });
    // 120 configured tasks, made 20 at a time.
    const make = async (i: number) => {
      const created = unwrap(
        await client.POST("/v2/{project_id}/migration/instance", { body: { name: `fleet-${i}`, vpc_id: "v", subnet_id: "s", security_group_id: "g" } }),
      );
      await waitForJob(client, String(created.job_id), { intervalMs: 1 });
      unwrap(
        await client.POST("/v2/{project_id}/migration/{task_id}/task", {
          params: { path: { task_id: String(created.instance_id) } },
          body: {
            migration_method: "incremental_migration",
            resume_mode: "auto",
            source_instance: { addrs: "10.0.0.5:6379" },
            target_instance: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd" },
          },
        }),
      );
      return String(created.instance_id);
    };
    const ids: string[] = [];
    for (let i = 0; i < 120; i += 20) ids.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => make(i + j)))));
    const stopped = await dcsMigrate(["stop", ...ids, "--yes", "--json", ...at(), ...fast], scratch("fleet"));
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(JSON.parse(stopped.stdout.trim().split("\n").at(-1) as string)).toMatchObject({ event: "done", task_ids: ids, status: "TERMINATED" });
    const states = await sandbox.tasks();
    expect(states.filter((t) => ids.includes(t.task_id)).map((t) => t.status)).toEqual(ids.map(() => "TERMINATED"));
  }, 120_000);
});
