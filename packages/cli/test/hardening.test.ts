// Attacks on dcs-migrate, replayed: secrets in every form an echo can give them back, plans that are
// not plans (huge, deep, not UTF-8), state paths that would destroy a file, a state that cannot be
// written once a task exists, two runs of one plan, and a server's strings that would drive the
// terminal. Each is run through main() against a real local server; the packed bin's signals are
// tested as a process in apps/e2e.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PLAN_BOUNDS } from "../src/plan/bounds.js";
import { localServers, startLocalServer } from "./local-server.js";
import { GOOD } from "./plans.js";
import { cli } from "./run-cli.js";

const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
// Quotes, a backslash, a slash and a space: its JSON and URL forms differ from it.
// Qz7kWsrc: a run of letters and digits that every encoding of the password leaves as it is, so a
// text that holds it shows some form of the password, whichever form that was.
const SOURCE_PASSWORD = 'Qz7kWsrc"Pw\\Canary/1 x';
const TARGET_PASSWORD = "SENTINEL-TGT-PASSWORD-2";
const SK = "SENTINEL-SK-hardening-0123";
const ENV = {
  CLOUD_SDK_AK: "HPUAEXAMPLEAK0000001",
  CLOUD_SDK_SK: SK,
  CLOUD_SDK_PROJECT_ID: PROJECT,
  SOURCE_REDIS_PASSWORD: SOURCE_PASSWORD,
  TARGET_REDIS_PASSWORD: TARGET_PASSWORD,
};
const TASK = "f3a2b1c0-0000-4000-8000-000000000001";
const JOB = "ff8080818b1e2c3d018b1f0a2b3c0001";

const root = mkdtempSync(join(tmpdir(), "dcs-hardening-"));
let n = 0;
/** A folder of its own for a test, with a plan in it. */
function folder(plan = GOOD, name = "cutover.yaml") {
  const dir = join(root, String(++n));
  mkdirSync(dir);
  writeFileSync(join(dir, name), plan);
  return { dir, plan: join(dir, name), state: join(dir, name.replace(/\.yaml$/, ".state.json")) };
}
afterAll(() => rmSync(root, { recursive: true, force: true }));
const server = localServers();

const leaked = (text: string) => [SK, "Qz7kWsrc", TARGET_PASSWORD].filter((s) => text.includes(s));

describe("secrets in every form", () => {
  it("never prints a password a server echoes JSON-escaped, in human output or --json", async () => {
    // A careless service that repeats the request it got in its error.
    const echo = await server((request) => ({ status: 400, body: { error_code: "DCS.4000", error_msg: `bad request: ${request.body}` } }));
    for (const json of [false, true]) {
      const { plan, dir } = folder();
      const run = await cli(["run", plan, "--yes", "--endpoint", echo.url, ...(json ? ["--json"] : [])], ENV);
      expect(run.code).toBe(4);
      const printed = run.stdout + run.stderr;
      // The echo reached the output (the test would pass on an empty message otherwise)...
      expect(printed).toContain("bad request:");
      // ...without the passwords, in any form.
      expect(leaked(printed)).toEqual([]);
      // The lock is given back, whatever the end.
      expect(existsSync(join(dir, "cutover.state.json.lock"))).toBe(false);
    }
  });

  it("masks a secret variable wherever the plan puts it: inside a longer value, or in a field that is not a password", async () => {
    // Registered only as "x<password>", the password alone would show in the name.
    const text = GOOD.replace(`"\${SOURCE_REDIS_PASSWORD}"`, () => `"x\${SOURCE_REDIS_PASSWORD}"`).replace(
      "name: cache-to-dcs",
      () => `name: "n-\${SOURCE_REDIS_PASSWORD}"`,
    );
    const { plan } = folder(text);
    for (const json of [[], ["--json"]]) {
      const run = await cli(["run", plan, "--dry-run", ...json], ENV);
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).toMatch(/"name\\?": ?\\?"n-\*\*\*/);
      expect(leaked(run.stdout + run.stderr)).toEqual([]);
    }
  });

  it("never prints a secret that a plan error quotes (a variable in the wrong field)", async () => {
    const text = GOOD.replace("migration_method: incremental_migration", () => `migration_method: "\${SOURCE_REDIS_PASSWORD}"`);
    for (const json of [[], ["--json"]]) {
      const { plan } = folder(text);
      const run = await cli(["validate", plan, ...json], ENV);
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).toContain("is not one of full_amount_migration");
      expect(leaked(run.stdout + run.stderr)).toEqual([]);
    }
  });

  it("writes the escape $$ NAME in braces as the text dollar NAME in braces: it expands nothing", async () => {
    // A function, not a string, replaces: in a replacement string "$$" is itself an escape.
    const text = GOOD.replace("name: cache-to-dcs", () => `name: "cost-$\${SOURCE_REDIS_PASSWORD}"`);
    const { plan } = folder(text);
    const run = await cli(["run", plan, "--dry-run", "--json"], ENV);
    expect(run.code).toBe(0);
    const create = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .find((e) => e.method === "POST");
    expect(create.body.name).toBe(`cost-\${SOURCE_REDIS_PASSWORD}`);
    expect(leaked(run.stdout + run.stderr)).toEqual([]);
  });
});

describe("plans that are not plans", () => {
  const validate = async (text: string | Buffer) => {
    const { plan } = folder();
    writeFileSync(plan, text);
    return { plan, run: await cli(["validate", plan], ENV) };
  };

  it(`refuses more than ${PLAN_BOUNDS.values} values at once (40 000 keys took 39 s)`, async () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: ${i}`).join("\n");
    const { plan, run } = await validate(`version: 1\nbackup_import:\n${keys}\n`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${plan}:10001:`);
    expect(run.stderr).toContain("the plan has more than 10,000 values, the bound of a plan");
  });

  it("refuses the same many values on one line, in a flow mapping", async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`).join(", ");
    const { run } = await validate(`version: 1\nbackup_import: {${keys}}\n`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the plan has more than 10,000 values");
  });

  it(`refuses nesting past ${PLAN_BOUNDS.depth} levels, in brackets or in indentation`, async () => {
    const { plan, run } = await validate(`version: 1\nbackup_import: ${"[".repeat(1000)}${"]".repeat(1000)}\n`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${plan}:2:${16 + PLAN_BOUNDS.depth}: the plan has more than 64 levels of nesting`);
    const indented = Array.from({ length: 100 }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n");
    const deep = await validate(`version: 1\nbackup_import:\n${indented.replace(/^/gm, "  ")} 1\n`);
    expect(deep.run.code).toBe(2);
    expect(deep.run.stderr).toContain("the plan has more than 64 levels of nesting");
  });

  it("refuses a string past its bound, naming the field", async () => {
    const { run } = await validate(GOOD.replace("name: cache-to-dcs", `name: ${"x".repeat(PLAN_BOUNDS.stringLength + 1)}`));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("online_migration.create.name: a string of 65,537 characters; the bound of a plan's string is 65,536");
  });

  it("cannot be hidden from the bounds in a quote that is not one (a quote inside a plain scalar)", async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: 1`).join("\n");
    const { run } = await validate(`version: 1\na: x "\n${keys}\nc: y "\n`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the plan has more than 10,000 values");
    const brackets = await validate(`version: 1\na: x "\nb: ${"[".repeat(3000)}${"]".repeat(3000)}\nc: y "\n`);
    expect(brackets.run.stderr).toContain("levels of nesting");
  });

  it("refuses brackets only where they nest: inside quotes and comments they are text", async () => {
    const brackets = "[".repeat(200);
    const { run } = await validate(GOOD.replace("name: cache-to-dcs", () => `name: "${brackets}" # ${brackets}`));
    expect(run.stderr).not.toContain("levels of nesting");
    expect(run.stderr).toContain("a valid plan");
  });

  it("names the first byte that is not UTF-8, at its line and column", async () => {
    const [head, tail] = GOOD.split("name: cache-to-dcs") as [string, string];
    const before = Buffer.from(`${head}name: caché-`);
    const { plan, run } = await validate(Buffer.concat([before, Buffer.from([0xff]), Buffer.from(tail)]));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${plan}:4:17: byte ${before.length} (0xff) is not UTF-8`);
  });

  it("stops at the bound of what it reads: /dev/zero is no plan", async () => {
    const run = await cli(["validate", "/dev/zero"], ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the plan /dev/zero is larger than 1 MiB, the bound of what dcs-migrate reads");
    const body = await cli(["api", "create-online-migration-task", "--body", "@/dev/zero", "--endpoint", "http://127.0.0.1:9"], ENV);
    expect(body.code).toBe(2);
    expect(body.stderr).toContain("--body @/dev/zero is larger than 1 MiB");
  });

  it("refuses a body nested past the bound before parsing it", async () => {
    const run = await cli(["api", "create-online-migration-task", "--body", `${"[".repeat(5000)}${"]".repeat(5000)}`, "--endpoint", "http://127.0.0.1:9"], ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the body has more than 64 levels of nesting");
  });
});

describe("the state file", () => {
  it("--restart --state on a file that is not a state: exit 2, the file untouched", async () => {
    const { dir, plan } = folder();
    const precious = join(dir, "precious.txt");
    writeFileSync(precious, "do not lose me\n");
    const run = await cli(["run", plan, "--restart", "--state", precious, "--yes", "--endpoint", "http://127.0.0.1:9"], ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${precious} is not a dcs-migrate state file`);
    expect(readFileSync(precious, "utf8")).toBe("do not lose me\n");
  });

  it("--state naming the plan: exit 2, the plan untouched", async () => {
    const { plan } = folder();
    for (const extra of [[], ["--restart"]]) {
      const run = await cli(["run", plan, "--state", plan, "--yes", "--endpoint", "http://127.0.0.1:9", ...extra], ENV);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--state ${plan} is the plan itself`);
      expect(readFileSync(plan, "utf8")).toBe(GOOD);
    }
  });

  it("a state that cannot be written is found before anything is created", async () => {
    const service = await server(() => ({ status: 500, body: { error_code: "DCS.5000", error_msg: "must not be called" } }));
    const { plan, dir } = folder();
    const run = await cli(["run", plan, "--yes", "--state", join(dir, "no-such-folder", "s.json"), "--endpoint", service.url], ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cannot write next to the state file");
    expect(run.stderr).toContain("nothing was called");
    expect(service.requests).toEqual([]);
  });

  it("a state that cannot be written once the task exists: exit 9, the task and job named, the state kept elsewhere to resume", async () => {
    const { plan, dir } = folder();
    // The plan's folder vanishes while the service creates the task.
    const service = await server((request) => {
      if (request.method === "POST" && request.path.endsWith("/migration/instance")) {
        rmSync(dir, { recursive: true, force: true });
        return { body: { id: TASK, instance_id: TASK, job_id: JOB, name: "cache-to-dcs", status: "CREATING" } };
      }
      return { status: 500, body: { error_code: "DCS.5000", error_msg: "not in this test" } };
    });
    const copy = join(root, `plan-${n}.yaml`);
    writeFileSync(copy, GOOD);
    const run = await cli(["run", plan, "--yes", "--endpoint", service.url], ENV);
    expect(run.code).toBe(9);
    const fallback = join(tmpdir(), `dcs-migrate-${TASK}.state.json`);
    expect(run.stderr).toContain(`task ${TASK} (job ${JOB}) exists, at step created; its state was saved to ${fallback}`);
    expect(run.stderr).toContain(`--state ${fallback}`);
    expect(JSON.parse(readFileSync(fallback, "utf8"))).toMatchObject({ taskId: TASK, jobId: JOB, step: "created" });
    expect(service.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    rmSync(fallback);
  });

  it("one run of a plan at a time: a live holder is named, a dead one's lock is taken over", async () => {
    const service = await server(() => ({ status: 500, body: { error_code: "DCS.5000", error_msg: "must not be called" } }));
    const { plan, state } = folder();
    const holder = spawn("sleep", ["60"]);
    try {
      writeFileSync(`${state}.lock`, JSON.stringify({ pid: holder.pid, host: (await import("node:os")).hostname(), since: "2026-12-03T00:00:00.000Z" }));
      const run = await cli(["run", plan, "--yes", "--endpoint", service.url], ENV);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${state} is in use by dcs-migrate process ${holder.pid}`);
      expect(service.requests).toEqual([]);
    } finally {
      holder.kill();
    }
    await new Promise((resolve) => holder.once("exit", resolve));
    const taken = await cli(["run", plan, "--yes", "--endpoint", service.url], ENV);
    expect(taken.stderr).toContain(`took over the lock ${state}.lock of process ${holder.pid}, which is no longer running`);
    // It went on to call the service, and gave the lock back when it ended.
    expect(service.requests.length).toBeGreaterThan(0);
    expect(existsSync(`${state}.lock`)).toBe(false);
  });

  it("a second run started while the first holds the lock creates nothing", async () => {
    let created = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const service = await server(async (request) => {
      if (request.method === "POST") {
        created++;
        await held; // the first run's create is in flight while the second starts
        return { status: 400, body: { error_code: "DCS.4000", error_msg: "stop here" } };
      }
      return { status: 500, body: { error_code: "DCS.5000", error_msg: "not in this test" } };
    });
    const { plan } = folder();
    const first = cli(["run", plan, "--yes", "--endpoint", service.url], ENV);
    while (created === 0) await new Promise((resolve) => setImmediate(resolve));
    const second = await cli(["run", plan, "--yes", "--endpoint", service.url], ENV);
    release();
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("one run of a plan at a time");
    expect((await first).code).toBe(4);
    expect(created).toBe(1);
  });
});

describe("what a server sends, on a terminal", () => {
  it("shows control characters as escapes, and keeps them exact in --json", async () => {
    const hostile = "\u001b[2J\u001b]0;pwned\u0007\rforged\u202e";
    const service = await server(() => ({
      body: { migration_tasks: [{ task_id: TASK, task_name: hostile, status: "SUCCESS", migration_type: "backupfile_import" }], count: 1 },
    }));
    const human = await cli(["status", "--endpoint", service.url], ENV);
    expect(human.code).toBe(0);
    const printed = human.stdout + human.stderr;
    expect(printed).toContain("\\x1b[2J\\x1b]0;pwned\\x07\\x0dforged\\u202e");
    for (const raw of ["\u001b", "\u0007", "\r", "\u202e"]) expect(printed).not.toContain(raw);
    // A newline in a server's value cannot forge a line of dcs-migrate's.
    const forged = await server(() => ({
      body: { migration_tasks: [{ task_id: TASK, task_name: "evil\ndcs-migrate: done: task 42 is SUCCESS", status: "SUCCESS" }], count: 1 },
    }));
    const shown = await cli(["status", "--endpoint", forged.url], ENV);
    expect(shown.stdout).toContain("evil\\ndcs-migrate: done");
    expect(shown.stdout.split("\n").filter((l) => l.startsWith("dcs-migrate:"))).toEqual([]);
    const json = await cli(["status", "--endpoint", service.url, "--json"], ENV);
    expect(json.stdout).toContain(JSON.stringify(hostile).slice(1, -1));
  });
});

describe("a service that cannot be reached", () => {
  it("exits 8, naming the endpoint and the cause", async () => {
    const gone = await startLocalServer(() => ({}));
    await gone.close();
    const run = await cli(["status", TASK, "--endpoint", gone.url], ENV);
    expect(run.code).toBe(8);
    expect(run.stderr).toContain(`could not reach ${gone.url}: the connection was refused (nothing listens there) (ECONNREFUSED)`);
  });
});
