// The code blocks of every README (and so of the docs page's getting started, which is the root
// README's), exactly as printed, against the packed packages installed in a fresh project:
// - TypeScript and JavaScript blocks are type-checked together, strictly, then run (against the
//   sandbox they start themselves), unless the block says why it cannot: `// not run: <why>` as its
//   first line, or `<!-- not run: <why> -->` just before it;
// - blocks whose first line names a file (`// vitest.global-setup.ts: ...`) are saved under that
//   name, and a `*.test.ts` among them runs with vitest, its global setup wired as the README says;
// - JSON blocks parse; YAML blocks parse, and a plan (`version: 1`) passes `dcs-migrate validate`.
// The shell blocks that run: readme-scripts.test.ts.
import { execFile } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { bin, INSTALLED, STRICT_USER_COMPILER_OPTIONS } from "./installed.js";
import { REPO } from "./packed-setup.js";
import { ENV, snippets } from "./snippets.js";

const require = createRequire(import.meta.url);
const run = promisify(execFile);
const ROOT = join(INSTALLED, "snippets");

/** What tsc printed when it compiled every block (beforeAll): nothing when all type-check. */
let tscOutput = "";
const code = snippets.filter((s) => ["ts", "typescript", "js", "javascript"].includes(s.lang));

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
  // tests run in. By TypeScript 7, as a user on the newest compiler: mock-bin.test.ts compiles its
  // consumer with 5.9, our declaration files included.
  const tsc = await run(process.execPath, [join(REPO, "scripts/tsc.mjs"), "-p", "."], { cwd: ROOT }).catch((error: { stdout: string }) => error);
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
  // Side by side: each starts a sandbox of its own and waits on its polls far more than it computes.
  it.concurrent.each(runnable.map((s) => [`${s.readme}, block ${s.index} (${basename(s.file)})`, s] as const))(
    "%s runs against the sandbox",
    async (_name, s) => {
      const compiled = join(ROOT, "out", s.file.replace(/\.mts$/, ".mjs").replace(/\.ts$/, ".js"));
      const result = await run(process.execPath, [compiled], { cwd: ROOT, env: ENV, timeout: 60_000 }).catch(
        (error: { code?: number; stderr?: string }) => error,
      );
      expect((result as { code?: number }).code ?? 0, (result as { stderr?: string }).stderr).toBe(0);
    },
  );

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
