// What a new user's trial found, replayed through main() against a real local server: a dry run's
// calls on stdout, the switch question that shows what will switch, a run that would need a "yes" it
// cannot get, hints that fit the task, a long `logs --follow`, the flags named in messages, the
// endpoint from the environment, and per-command help.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localServers, type Script, type Seen } from "./local-server.js";
import { GOOD } from "./plans.js";
import { cli } from "./run-cli.js";

const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const ENV = {
  CLOUD_SDK_AK: "HPUAEXAMPLEAK0000001",
  CLOUD_SDK_SK: "SENTINEL-SK-trial-0123",
  CLOUD_SDK_PROJECT_ID: PROJECT,
  SOURCE_REDIS_PASSWORD: "SENTINEL-SRC-PASSWORD-1",
  TARGET_REDIS_PASSWORD: "SENTINEL-TGT-PASSWORD-2",
};
const TASK = "f3a2b1c0-0000-4000-8000-000000000002";
const root = mkdtempSync(join(tmpdir(), "dcs-trial-"));
let n = 0;
const folder = () => {
  const dir = join(root, String(++n));
  mkdirSync(dir);
  return dir;
};
afterAll(() => rmSync(root, { recursive: true, force: true }));
const started = localServers();
/** A local server, and the environment that points dcs-migrate at it (CLOUD_SDK_ENDPOINT). */
async function server(script: Script) {
  const local = await started(script);
  return { ...local, env: { ...ENV, CLOUD_SDK_ENDPOINT: local.url } };
}
const isTask = (r: Seen) => r.method === "GET" && r.path === `/v2/${PROJECT}/migration-task/${TASK}`;
const refused = { status: 400, body: { error_code: "DCS.4957", error_msg: "This operation is not allowed when the task is in the current state." } };

describe("output", () => {
  it("a dry run's calls are its output, on stdout (> dry.out keeps them); the verdict stays on stderr", async () => {
    const dir = folder();
    writeFileSync(join(dir, "p.yaml"), GOOD);
    const run = await cli(["run", join(dir, "p.yaml"), "--dry-run"], ENV);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^POST \/v2\/.*\/migration\/instance$/m);
    expect(run.stderr).not.toMatch(/^POST /m);
    expect(run.stderr).toContain("nothing was called");
  });
});

describe("questions", () => {
  it("the switch question shows what will switch; no is exit 130, nothing switched, and says how to go on", async () => {
    const service = await server((r) =>
      isTask(r)
        ? { body: { task_id: TASK, status: "INCRMIGEATING", source_instance: { id: "src-dcs-1" }, target_instance: { id: "tgt-dcs-2" } } }
        : { status: 500, body: { error_code: "DCS.5000", error_msg: "must not be called" } },
    );
    const run = await cli(["switch-ip", TASK, "--exchanged-ip", "192.168.0.153", "--exchange-domain"], service.env, { tty: true, input: "no\n" });
    expect(run.code).toBe(130);
    for (const shown of ["source: DCS instance src-dcs-1", "target: DCS instance tgt-dcs-2", "exchanged_ip: 192.168.0.153", "domain names switched too: yes"]) {
      expect(run.stderr).toContain(shown);
    }
    expect(run.stderr).toContain("not confirmed");
    expect(run.stderr).toContain("Run the same command again to be asked again, or with --yes");
    expect(service.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("a run that will need a yes it cannot get (no terminal, no --yes) is refused before it calls anything", async () => {
    const service = await server(() => ({ status: 500, body: { error_code: "DCS.5000", error_msg: "must not be called" } }));
    const dir = folder();
    writeFileSync(join(dir, "p.yaml"), GOOD);
    const run = await cli(["run", join(dir, "p.yaml")], service.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("switches IPs, which is asked on a terminal, and this is not one (or --json): nothing was called");
    expect(service.requests).toEqual([]);
  });
});

describe("hints that fit the task", () => {
  it("an IP switch of a self-hosted source: never, not 'wait'", async () => {
    const service = await server((r) =>
      isTask(r) ? { body: { task_id: TASK, status: "INCRMIGEATING", source_instance: { addrs: "10.0.0.5:6379" }, target_instance: { id: "t" } } } : refused,
    );
    const run = await cli(["switch-ip", TASK, "--yes"], service.env);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`task ${TASK}'s source is self-hosted (10.0.0.5:6379), so it never can`);
    expect(run.stderr).not.toContain("wait until the task reaches");
  });

  it("deleting a running task: stop it first", async () => {
    const service = await server((r) => (isTask(r) ? { body: { task_id: TASK, status: "FULLMIGRATING" } } : refused));
    const run = await cli(["delete", TASK, "--yes"], service.env);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`task ${TASK} is FULLMIGRATING and still running: stop it first (dcs-migrate stop ${TASK})`);
  });

  it("a task not yet where the operation is allowed: wait for the statuses the document allows", async () => {
    const service = await server((r) => (isTask(r) ? { body: { task_id: TASK, status: "FULLMIGRATING", source_instance: { id: "s" } } } : refused));
    const run = await cli(["switch-ip", TASK, "--yes"], service.env);
    expect(run.stderr).toContain(
      `ExchangeInstanceIp is allowed when the task is INCRMIGEATING; task ${TASK} is FULLMIGRATING: dcs-migrate wait ${TASK} --until INCRMIGEATING`,
    );
  });
});

describe("delete", () => {
  it("does not claim an ID the service did not delete (it ignores one it does not know)", async () => {
    const service = await server((r) =>
      r.method === "DELETE" ? { body: { task_id_list: [] } } : r.path.endsWith("/migration-tasks") ? { body: { migration_tasks: [], count: 0 } } : refused,
    );
    const run = await cli(["delete", TASK, "--yes"], service.env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`task ${TASK} was not deleted: the service does not know it`);
    expect(run.stderr).toContain("nothing was deleted");
    expect(run.stderr).not.toContain(`deleted: ${TASK}`);
  });
});

describe("logs --follow", () => {
  it("follows 300 polls with no listener left behind (no MaxListenersExceededWarning)", async () => {
    let polls = 0;
    const service = await server((r) => {
      if (isTask(r)) return { body: { task_id: TASK, status: ++polls >= 300 ? "SUCCESS" : "INCRMIGEATING" } };
      return { body: { migration_logs: [], count: 0 } };
    });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const run = await cli(["logs", TASK, "--follow", "--poll-interval", "1ms"], service.env);
      expect(run.code).toBe(0);
      expect(polls).toBe(300);
      // A warning is emitted on the next tick at the latest.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});

describe("messages", () => {
  it("a stall names --stall-after and the task, not the option's internal name or TASK_ID", async () => {
    const service = await server((r) =>
      r.path.endsWith("/stats")
        ? { body: { full_migration_progress: "100", offset: "42", target_dbsize: "7" } }
        : { body: { task_id: TASK, status: "INCRMIGEATING", migration_type: "online_migration" } },
    );
    const run = await cli(["wait", TASK, "--until", "SUCCESS", "--stall-after", "20ms", "--poll-interval", "5ms"], service.env);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain("(--stall-after)");
    expect(run.stderr).not.toContain("stallAfterMs");
    expect(run.stderr).toContain(`dcs-migrate status ${TASK}, dcs-migrate logs ${TASK}`);
  });

  it("no ETA while nothing arrives (a rate of 0), an ETA once data moves", async () => {
    for (const [kbps, eta] of [
      [0, false],
      [2048, true],
    ] as const) {
      let polls = 0;
      const service = await server((r) =>
        r.path.endsWith("/stats")
          ? { body: { full_migration_progress: String(10 + polls), target_input_kbps: kbps } }
          : { body: { task_id: TASK, status: ++polls > 3 ? "INCRMIGEATING" : "FULLMIGRATING", migration_type: "online_migration" } },
      );
      const run = await cli(["wait", TASK, "--until", "INCRMIGEATING", "--poll-interval", "1ms", "--no-progress"], service.env);
      expect(run.code).toBe(0);
      expect(run.stderr.includes("ETA"), `kbps ${kbps}`).toBe(eta);
    }
  });

  it("a failed plan run again says that --restart starts it over", async () => {
    const service = await server((r) => (isTask(r) ? { body: { task_id: TASK, status: "MIGRATION_FAILED" } } : refused));
    const dir = folder();
    const plan = join(dir, "p.yaml");
    const text = GOOD.replace(/ {2}switch_ip:[\s\S]*$/, "");
    writeFileSync(plan, text);
    const { createHash } = await import("node:crypto");
    const state = {
      version: 1,
      plan: "p.yaml",
      planDigest: createHash("sha256").update(text).digest("hex"),
      kind: "online_migration",
      taskId: TASK,
      step: "configured",
      reached: {},
    };
    writeFileSync(join(dir, "p.state.json"), JSON.stringify(state));
    const run = await cli(["run", plan], service.env);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(`dcs-migrate logs ${TASK} says why; dcs-migrate run ${plan} --restart starts the plan over with a new task`);
  });
});

describe("configuration and help", () => {
  it("takes the endpoint from CLOUD_SDK_ENDPOINT", async () => {
    const service = await server(() => ({ body: { migration_tasks: [], count: 0 } }));
    const run = await cli(["status"], service.env);
    expect([run.code, service.requests.length]).toEqual([0, 1]);
  });

  it("a command's help shows its own flags and points at dcs-migrate --help for the global ones", async () => {
    const run = await cli(["run", "--help"], {});
    expect(run.stdout).toContain("--dry-run");
    expect(run.stdout).toContain("dcs-migrate --help says what each does");
    expect(run.stdout).not.toContain("--endpoint URL        the API's base URL");
    expect(run.stdout.split("\n").length).toBeLessThan(25);
  });
});
