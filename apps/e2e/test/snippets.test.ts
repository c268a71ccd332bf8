// Every code block of every README (and so of the docs page's getting started, which is the root
// README's), exactly as printed, against the packed packages installed in a fresh project:
// - TypeScript and JavaScript blocks are type-checked together, strictly, then run (against the
//   sandbox they start themselves), unless the block says why it cannot: `// not run: <why>` as its
//   first line, or `<!-- not run: <why> -->` just before it;
// - blocks whose first line names a file (`// vitest.global-setup.ts: ...`) are saved under that
//   name, and a `*.test.ts` among them runs with vitest, its global setup wired as the README says;
// - JSON blocks parse; YAML blocks parse, and a plan (`version: 1`) passes `dcs-migrate validate`.
// Shell blocks install packages or start servers in a second terminal: the CLI's and the mock's end
// to end tests run what they say; a block whose first line is `# A CI job's script...` runs with
// bash in the installed project, as printed.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadMixed } from "../../../packages/cli/test/redis-data.js";
import { copyByReplication, startRedis } from "../../../packages/cli/test/redis-servers.js";
import { bin, INSTALLED, STRICT_USER_COMPILER_OPTIONS } from "./installed.js";
import { REPO } from "./packed-setup.js";
import { newProject } from "./sandbox.js";

const require = createRequire(import.meta.url);
const run = promisify(execFile);
const ROOT = join(INSTALLED, "snippets");

interface Snippet {
  readme: string;
  index: number;
  lang: string;
  text: string;
  /** Why it cannot run, if it says so. */
  notRun: string | undefined;
  /** The file it is saved as. */
  file: string;
}

const READMES = [
  "README.md",
  "openapi/README.md",
  ...["packages", "apps"].flatMap((group) =>
    readdirSync(join(REPO, group))
      .map((name) => `${group}/${name}/README.md`)
      .filter((path) => {
        try {
          readFileSync(join(REPO, path));
          return true;
        } catch {
          return false;
        }
      }),
  ),
];

function snippetsOf(readme: string): Snippet[] {
  const text = readFileSync(join(REPO, readme), "utf8");
  const folder = readme.replace(/\/?README\.md$/, "").replace(/\//g, "-") || "root";
  const found: Snippet[] = [];
  for (const [index, match] of [...text.matchAll(/(<!-- not run: ([^>]*?) -->\n)?```(\w+)\n([\s\S]*?)```/g)].entries()) {
    const [, , htmlReason, lang = "", body = ""] = match;
    const firstLine = body.split("\n")[0] ?? "";
    const reason = htmlReason ?? /^\/\/ not run: (.+)$/.exec(firstLine)?.[1];
    const named = /^\/\/ ([\w.-]+\.(?:ts|mts|js|mjs))[:,\s]/.exec(firstLine)?.[1];
    const ext = lang === "ts" || lang === "typescript" ? "mts" : lang === "js" || lang === "javascript" ? "mjs" : lang;
    const file = join(folder, named ?? `snippet-${index + 1}.${ext}`);
    found.push({ readme, index: index + 1, lang, text: body, notRun: reason, file });
  }
  return found;
}

const snippets = READMES.flatMap(snippetsOf);
/** What tsc printed when it compiled every block (beforeAll): nothing when all type-check. */
let tscOutput = "";
const code = snippets.filter((s) => ["ts", "typescript", "js", "javascript"].includes(s.lang));
const ENV = {
  PATH: `${dirname(bin("dcs-migrate"))}:${process.env.PATH ?? ""}`,
  HOME: process.env.HOME ?? "",
  CLOUD_SDK_AK: "HPUAEXAMPLEAK0000001",
  CLOUD_SDK_SK: "snippet-sk-0123456789",
  CLOUD_SDK_PROJECT_ID: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
  SOURCE_REDIS_PASSWORD: "source-secret",
  TARGET_REDIS_PASSWORD: "target-secret",
  // The README's redis: sections name the servers by these; a plan only validates here, nothing connects.
  SOURCE_REDIS_ADDRESS: "127.0.0.1:1",
  TARGET_REDIS_ADDRESS: "127.0.0.1:1",
  // The fleet template's variables, which an inventory's row gives; here they only validate it.
  name: "sessions",
  SOURCE_ADDRESS: "10.0.0.5:6379",
  TARGET_ID: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd",
};

beforeAll(async () => {
  mkdirSync(ROOT, { recursive: true });
  writeFileSync(join(ROOT, "package.json"), JSON.stringify({ name: "snippets", private: true, type: "module" }));
  // A user's project has vitest for their tests: the workspace's, linked in.
  symlinkSync(dirname(require.resolve("vitest/package.json")), join(INSTALLED, "node_modules", "vitest"), "dir");
  for (const s of code) {
    mkdirSync(join(ROOT, dirname(s.file)), { recursive: true });
    writeFileSync(join(ROOT, s.file), s.text);
  }
  const compilerOptions = {
    ...STRICT_USER_COMPILER_OPTIONS,
    types: ["node"],
    typeRoots: [join(REPO, "node_modules/@types")],
    allowJs: true,
    checkJs: true,
    skipLibCheck: true,
    outDir: "out",
    rootDir: ".",
    resolveJsonModule: true,
  };
  writeFileSync(join(ROOT, "tsconfig.json"), JSON.stringify({ compilerOptions, include: code.map((s) => s.file) }));
  // Compiled once here, not in a test: the blocks that run take what it emits, whatever order the
  // tests run in.
  const tsc = await run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "."], { cwd: ROOT }).catch((error: { stdout: string }) => error);
  tscOutput = String(tsc.stdout ?? "");
}, 120_000);

describe("every TypeScript and JavaScript block", () => {
  it("type-checks as printed, strictly, against the packed packages", () => {
    expect(code.length).toBeGreaterThan(8);
    // Each error names the README and the block it comes from.
    const errors = tscOutput
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const s = code.find((c) => line.startsWith(c.file));
        return s ? `${s.readme}, block ${s.index}: ${line}` : line;
      });
    expect(errors).toEqual([]);
  });

  const runnable = code.filter((s) => !s.notRun && !/\.test\.ts$|global-setup/.test(s.file));
  it.each(runnable.map((s) => [`${s.readme}, block ${s.index} (${basename(s.file)})`, s] as const))("%s runs against the sandbox", async (_name, s) => {
    const compiled = join(ROOT, "out", s.file.replace(/\.mts$/, ".mjs").replace(/\.ts$/, ".js"));
    const result = await run(process.execPath, [compiled], { cwd: ROOT, env: ENV, timeout: 60_000 }).catch(
      (error: { code?: number; stderr?: string }) => error,
    );
    expect((result as { code?: number }).code ?? 0, (result as { stderr?: string }).stderr).toBe(0);
  });

  it("says why, when a block cannot run", () => {
    for (const s of code.filter((c) => c.notRun)) expect(s.notRun?.length, `${s.readme}, block ${s.index}`).toBeGreaterThan(10);
  });
});

describe("the vitest recipe of the mock's README", () => {
  it("runs as printed: its global setup starts the sandbox, its test migrates against it", async () => {
    const recipe = code.filter((s) => s.readme === "apps/mock/README.md" && /\.test\.ts$|global-setup/.test(s.file));
    expect(recipe.map((s) => basename(s.file)).sort()).toEqual(["migration.test.ts", "vitest.global-setup.ts"]);
    const dir = join(ROOT, dirname(recipe[0]!.file));
    // Wired in as the README says: `test: { globalSetup: ["vitest.global-setup.ts"] }`.
    writeFileSync(join(dir, "vitest.config.mjs"), 'export default { test: { globalSetup: ["vitest.global-setup.ts"], include: ["migration.test.ts"] } };\n');
    const vitest = await run(process.execPath, [join(INSTALLED, "node_modules/vitest/vitest.mjs"), "run", "--root", dir], {
      cwd: dir,
      env: ENV,
      timeout: 90_000,
    }).catch((error: { stdout: string; stderr: string; code: number }) => error);
    expect((vitest as { code?: number }).code ?? 0, `${vitest.stdout}\n${vitest.stderr}`).toBe(0);
    expect(vitest.stdout).toMatch(/1 passed/);
  }, 120_000);
});

describe("the CLI README's before-and-after example", () => {
  it("runs as printed against two spawned Redis servers, the target holding the source's data", async ({ onTestFinished }) => {
    const blocks = snippets.filter((s) => s.readme === "packages/cli/README.md");
    const plan = blocks.find((s) => s.lang === "yaml" && /^redis:/m.test(s.text));
    const script = blocks.find((s) => s.lang === "bash" && s.text.startsWith("# Before and after"));
    expect(plan && script).toBeTruthy();
    const source = await startRedis({ password: ENV.SOURCE_REDIS_PASSWORD });
    onTestFinished(() => source.stop());
    const target = await startRedis({ password: ENV.TARGET_REDIS_PASSWORD });
    onTestFinished(() => target.stop());
    await loadMixed(source.client, 500);
    // What the migration does: the target made a copy of the source.
    await copyByReplication(source, target);
    const dir = join(ROOT, "before-after");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "before-after.yaml"), plan?.text ?? "");
    const env = { ...ENV, SOURCE_REDIS_ADDRESS: `127.0.0.1:${source.port}`, TARGET_REDIS_ADDRESS: `127.0.0.1:${target.port}` };
    const result = await run("bash", ["-e", "-c", script?.text ?? ""], { cwd: dir, env, timeout: 60_000 }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect((result as { code?: number }).code ?? 0, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/^ok\s+source\.sync/m);
    expect(result.stderr).toMatch(/check: \d+ ok, \d+ warn, 0 fail/);
    expect(result.stderr).toMatch(/verify: equal \(500 compared: 500 equal/);
    expect(result.stdout + result.stderr).not.toMatch(/source-secret|target-secret/);
  });
});

describe("the CLI README's fleet example", () => {
  it("runs as printed against the sandbox: every row done, the summary written", async ({ onTestFinished }) => {
    const blocks = snippets.filter((s) => s.readme === "packages/cli/README.md");
    const csv = blocks.find((s) => s.lang === "csv");
    const template = blocks.find((s) => s.lang === "yaml" && /name: "\$\{name\}"/.test(s.text));
    const script = blocks.find((s) => s.lang === "bash" && s.text.startsWith("# A fleet"));
    expect(csv && template && script).toBeTruthy();
    const dir = join(ROOT, "fleet");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "fleet.csv"), csv?.text ?? "");
    writeFileSync(join(dir, "template.yaml"), template?.text ?? "");
    // A sandbox of its own on a manual clock that moves an hour at each request: the command as
    // printed keeps its production poll interval (10 s), and every wait is over by its first read.
    const { startSandbox } = (await import(
      pathToFileURL(join(INSTALLED, "node_modules/@dcs-migration/mock/dist/index.js")).href
    )) as typeof import("@dcs-migration/mock");
    const sandbox = await startSandbox({ speed: "manual", stepMs: 3_600_000 });
    onTestFinished(() => sandbox.stop());
    const env = { ...ENV, CLOUD_SDK_ENDPOINT: sandbox.url, CLOUD_SDK_PROJECT_ID: newProject() };
    const result = await run("bash", ["-e", "-c", script?.text ?? ""], { cwd: dir, env, timeout: 90_000 }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect((result as { code?: number }).code ?? 0, `${result.stdout}\n${result.stderr}`).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
    expect(summary.migrations.map((m: { name: string; result: string }) => `${m.name} ${m.result}`)).toEqual(["sessions done", "carts done", "rates done"]);
    expect(result.stderr).toContain("3 migrations: 3 to start, 0 to resume, 0 already done");
    // status: each row's state (done) beside its task's status, as a table after the run's.
    const statusTable = result.stdout.slice(result.stdout.search(/^NAME\s+TASK ID\s+STEP/m));
    for (const m of summary.migrations as Array<{ name: string; task_id: string }>) {
      expect(statusTable).toMatch(new RegExp(`^${m.name}\\s+${m.task_id}\\s+done\\s+SUCCESS`, "m"));
    }
  }, 120_000);
});

// Side by side: each waits on its polls and its servers far more than it computes.
describe.concurrent("the mock README's rehearsal", () => {
  const blocks = snippets.filter((s) => s.readme === "apps/mock/README.md");
  /** Runs a block with bash in a folder of its own that sees the installed project's node_modules. */
  async function script(name: string, text: string, files: Record<string, string> = {}) {
    const dir = join(ROOT, name);
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(INSTALLED, "node_modules"), join(dir, "node_modules"), "dir");
    for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
    const child = spawn("bash", ["-e", "-c", text], { cwd: dir, env: { PATH: ENV.PATH, HOME: ENV.HOME }, detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const [code] = (await once(child, "exit")) as [number | null];
    // Nothing it started is left running: a sandbox or a writer would still hold its process group.
    let leftRunning = true;
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {
      leftRunning = false;
    }
    return { code, stdout, stderr, leftRunning };
  }

  it("one command: every key copied, no acknowledged write lost, the figures printed", async () => {
    const block = blocks.find((s) => s.lang === "bash" && s.text.startsWith("# Rehearse a cutover on real data"));
    const result = await script("rehearse", block?.text ?? "exit 1");
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/^keys copied {7}100,000 of 100,000 loaded/m);
    expect(result.stdout).toMatch(/^cutover gap {7}\d[\d,]* ms without an acknowledged write/m);
    // Writes acknowledged before the switch (carried by the sync) and after it (by the new instance), none lost.
    const writes = /^writes lost {7}(\d+) of ([\d,]+) acknowledged \(([\d,]+) before the switch; [\d,]+ a second\)$/m.exec(result.stdout);
    const [lost, acknowledged, before] = (writes?.slice(1) ?? []).map((n) => Number(n.replace(/,/g, "")));
    expect(lost).toBe(0);
    expect(before).toBeGreaterThan(0);
    expect(acknowledged).toBeGreaterThan(before as number);
    expect(result.stdout).toMatch(/^rehearsal: no data lost$/m);
    expect(result.leftRunning).toBe(false);
  }, 120_000);

  it("the runbook: the packed sandbox's spawned instances, dcs-migrate run with switch_ip, verify --full after the switch, no write lost", async () => {
    const plan = blocks.find((s) => s.lang === "yaml" && /switch_ip:/.test(s.text));
    const block = blocks.find((s) => s.lang === "bash" && s.text.startsWith("# Rehearse the runbook"));
    const result = await script("rehearse-runbook", block?.text ?? "exit 1", { "rehearsal.yaml": plan?.text ?? "" });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code, output).toBe(0);
    expect(result.stderr).toMatch(/^IPs switched \(EXCHANGE_SUCCESS\)$/m);
    // Every one of the 100 000 keys, and the application's writes made before the switch, found in the new instance.
    const verified = /verify: equal \((\d+) compared: (\d+) equal, 0 missing on target/.exec(result.stderr);
    expect(Number(verified?.[1])).toBeGreaterThan(100_000);
    expect(verified?.[2]).toBe(verified?.[1]);
    expect(result.stdout).toMatch(/^writes acknowledged: [1-9]\d*, lost: 0$/m);
    expect(result.leftRunning).toBe(false);
  }, 120_000);
});

describe("the CI job scripts", () => {
  const scripts = snippets.filter((s) => s.lang === "sh" && s.text.startsWith("# A CI job's script"));
  it.each(scripts.map((s) => [`${s.readme}, block ${s.index}`, s] as const))(
    "%s runs as printed, its commands once the sandbox answers",
    async (_name, s) => {
      // A folder of its own in the installed project, whose node_modules it sees, as a CI job's checkout does.
      const dir = join(ROOT, `ci-${s.index}`);
      mkdirSync(dir, { recursive: true });
      symlinkSync(join(INSTALLED, "node_modules"), join(dir, "node_modules"), "dir");
      const script = spawn("bash", ["-e", "-c", s.text], { cwd: dir, env: { PATH: ENV.PATH, HOME: ENV.HOME }, detached: true });
      let stdout = "";
      let stderr = "";
      script.stdout.on("data", (chunk) => (stdout += chunk));
      script.stderr.on("data", (chunk) => (stderr += chunk));
      // Its own exit, not its pipes' closing: a server it left running would hold them open.
      const [code, signal] = (await once(script, "exit")) as [number | null, NodeJS.Signals | null];
      let leftRunning = true;
      try {
        process.kill(-(script.pid as number), "SIGKILL");
      } catch {
        leftRunning = false;
      }
      expect([code, signal], `${stdout}\n${stderr}`).toEqual([0, null]);
      expect(stdout).toContain("no migration task in this project");
      // The script stops what it started: nothing of its process group is left.
      expect(leftRunning).toBe(false);
    },
    120_000,
  );

  it("are there", () => expect(scripts.length).toBeGreaterThan(0));
});

describe("every JSON and YAML block", () => {
  const data = snippets.filter((s) => ["json", "yaml", "yml"].includes(s.lang));
  it.each(data.map((s) => [`${s.readme}, block ${s.index}`, s] as const))("%s parses; a plan validates", async (_name, s) => {
    const value = s.lang === "json" ? JSON.parse(s.text) : parseYaml(s.text);
    expect(value).toBeTypeOf("object");
    if ((value as { version?: unknown }).version !== 1) return;
    const file = join(ROOT, `${relative(REPO, s.readme).replace(/\W/g, "-")}-${s.index}.yaml`);
    writeFileSync(file, s.text);
    const validated = await run(process.execPath, [bin("dcs-migrate"), "validate", file], { env: ENV }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((validated as { code?: number }).code ?? 0, (validated as { stderr?: string }).stderr).toBe(0);
  });
});
