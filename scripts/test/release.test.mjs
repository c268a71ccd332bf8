// The release pieces that can run here: the breaking-change check against deliberately broken
// documents (and what a changeset lets through), and `changeset version` on a scratch copy of the
// workspace. (`npm publish --dry-run` of every tarball runs in apps/e2e, which packs them.)
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLE, breakingChanges, check, MAJOR_FOR, pendingBumps } from "../breaking.mjs";

// Every scratch directory of this file, removed when it ends.
const SCRATCH = mkdtempSync(join(tmpdir(), "release-test-"));
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
const bundle = () => JSON.parse(readFileSync(BUNDLE, "utf8"));
const schemas = (doc) => doc.components.schemas;
/** The operation `operationId` of a parsed bundle. */
const operation = (doc, operationId) =>
  Object.values(doc.paths)
    .flatMap((item) => Object.values(item))
    .find((op) => op?.operationId === operationId);

describe("breakingChanges, from the bundle to a deliberately changed copy", () => {
  it("finds nothing between the bundle and itself", () => {
    expect(breakingChanges(bundle(), bundle())).toEqual([]);
  });

  it.each([
    [
      "an operation removed",
      (doc) => {
        delete doc.paths["/v2/{project_id}/jobs/{job_id}"];
      },
      /^ShowJobInfo: removed \(GET \/v2\/\{project_id\}\/jobs\/\{job_id\}\)$/,
    ],
    [
      "a new required field in a request body",
      (doc) => {
        schemas(doc).CreateOnlineMigrationTaskBody.required.push("description");
      },
      /^CreateOnlineMigrationTask request body: now requires description$/,
    ],
    [
      "a request enum value removed",
      (doc) => {
        const values = schemas(doc).ResumeMode.enum;
        values.splice(values.indexOf("manual"), 1);
      },
      /request body\.resume_mode: no longer takes "manual"$/,
    ],
    [
      "a response field's type changed",
      (doc) => {
        schemas(doc).MigrationTask.properties.task_name = { type: "integer" };
      },
      /^ShowMigrationTask response 200\.task_name: may now be integer$/,
    ],
    [
      "a query parameter made required",
      (doc) => {
        const op = operation(doc, "ListMigrationTask");
        op.parameters = op.parameters.map((p) => (p.$ref?.endsWith("/Offset") ? { ...doc.components.parameters.Offset, required: true } : p));
      },
      /^ListMigrationTask: query offset parameter now required$/,
    ],
    [
      "a field a client sends dropped from a closed request body",
      (doc) => {
        delete schemas(doc).CreateOnlineMigrationTaskBody.properties.description;
      },
      /^CreateOnlineMigrationTask request body: no longer takes description$/,
    ],
  ])("finds %s", (_what, change, expected) => {
    const after = bundle();
    change(after);
    const found = breakingChanges(bundle(), after);
    expect(
      found.some((f) => expected.test(f)),
      found.join("\n"),
    ).toBe(true);
  });

  it("lets through what breaks no client: a new operation, a new optional request field, a new response field, a new open enum value", () => {
    const after = bundle();
    after.paths["/v2/{project_id}/new-thing"] = { get: { ...operation(after, "ShowJobInfo"), operationId: "ShowNewThing" } };
    schemas(after).CreateOnlineMigrationTaskBody.properties.labels = { type: "string" };
    schemas(after).MigrationTask.properties.region = { type: ["string", "null"] };
    schemas(after).MigrationStatus.enum.push("PAUSED");
    expect(breakingChanges(bundle(), after)).toEqual([]);
  });
});

describe("the check npm test runs", () => {
  /** A released document, a bundle that removes an operation from it, and changesets. */
  function scratch(changesets) {
    const dir = mkdtempSync(join(SCRATCH, "breaking-"));
    const broken = bundle();
    delete broken.paths["/v2/{project_id}/jobs/{job_id}"];
    writeFileSync(join(dir, "released.json"), JSON.stringify(bundle()));
    writeFileSync(join(dir, "bundle.json"), JSON.stringify(broken));
    mkdirSync(join(dir, "changesets"));
    for (const [i, text] of changesets.entries()) writeFileSync(join(dir, "changesets", `change-${i}.md`), text);
    return { released: join(dir, "released.json"), bundle: join(dir, "bundle.json"), changesets: join(dir, "changesets") };
  }
  const changeset = (bumps) =>
    `---\n${Object.entries(bumps)
      .map(([name, bump]) => `"${name}": ${bump}`)
      .join("\n")}\n---\n\nWhat changed.\n`;

  it("fails a breaking change without a major changeset, naming the change and the packages to major", () => {
    const result = check(scratch([changeset({ "@dcs-migration/openapi": "minor" })]));
    expect(result.ok).toBe(false);
    expect(result.message).toContain("ShowJobInfo: removed");
    expect(result.message).toContain(`makes ${MAJOR_FOR.join(" and ")} a major`);
  });

  it("fails it when only one of the two packages is a major", () => {
    const result = check(scratch([changeset({ "@dcs-migration/openapi": "major" }), changeset({ "@dcs-migration/client": "minor" })]));
    expect([result.ok, result.message]).toEqual([false, expect.stringContaining("makes @dcs-migration/client a major")]);
  });

  it("passes it with a changeset that makes both a major, and still lists what breaks", () => {
    const result = check(scratch([changeset({ "@dcs-migration/openapi": "major", "@dcs-migration/client": "major" })]));
    expect([result.ok, result.message]).toEqual([true, expect.stringContaining("ShowJobInfo: removed")]);
  });

  it("reads the highest bump of each package from the changesets", () => {
    const { changesets } = scratch([
      changeset({ "@dcs-migration/mock": "patch" }),
      changeset({ "@dcs-migration/mock": "minor", "@dcs-migration/cli": "major" }),
    ]);
    expect(Object.fromEntries(pendingBumps(changesets))).toEqual({ "@dcs-migration/mock": "minor", "@dcs-migration/cli": "major" });
  });

  it("passes on this repository as it stands, from the command line", () => {
    const run = spawnSync(process.execPath, [join(ROOT, "scripts/breaking.mjs")], { encoding: "utf8" });
    expect([run.status, run.stdout + run.stderr]).toEqual([0, expect.stringContaining("breaking: ")]);
  });
});

describe("changeset version, on a scratch copy of the workspace", () => {
  it("bumps the changed package, writes its changelog, and keeps every internal dependency in step", () => {
    const dir = mkdtempSync(join(SCRATCH, "changeset-"));
    const workspaces = ["openapi", "packages/client", "packages/cli", "packages/mcp", "apps/mock", "apps/docs", "apps/e2e"];
    cpSync(join(ROOT, "package.json"), join(dir, "package.json"));
    for (const ws of workspaces) {
      mkdirSync(join(dir, ws), { recursive: true });
      cpSync(join(ROOT, ws, "package.json"), join(dir, ws, "package.json"));
    }
    mkdirSync(join(dir, ".changeset"));
    cpSync(join(ROOT, ".changeset/config.json"), join(dir, ".changeset/config.json"));
    writeFileSync(join(dir, ".changeset/client-gains.md"), `---\n"@dcs-migration/client": minor\n---\n\nThe client gains a helper.\n`);
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const original = (ws) => JSON.parse(readFileSync(join(ROOT, ws, "package.json"), "utf8"));
    const versioned = (ws) => JSON.parse(readFileSync(join(dir, ws, "package.json"), "utf8"));
    execFileSync(process.execPath, [require.resolve("@changesets/cli/bin.js"), "version"], { cwd: dir, stdio: "pipe" });

    const [major, minor] = original("packages/client").version.split(".").map(Number);
    const next = `${major}.${minor + 1}.0`;
    expect(versioned("packages/client").version).toBe(next);
    expect(readFileSync(join(dir, "packages/client/CHANGELOG.md"), "utf8")).toMatch(
      new RegExp(`## ${next.replace(/\./g, "\\.")}[\\s\\S]*The client gains a helper`),
    );
    // Every package that pins the client follows it, with a patch of its own.
    for (const ws of ["packages/cli", "packages/mcp", "apps/mock"]) {
      const pinned = { ...versioned(ws).dependencies, ...versioned(ws).devDependencies }["@dcs-migration/client"];
      expect([ws, pinned]).toEqual([ws, next]);
      if (!versioned(ws).private) expect(versioned(ws).version, ws).not.toBe(original(ws).version);
    }
    // Untouched: the document's package, which does not depend on the client.
    expect(versioned("openapi").version).toBe(original("openapi").version);
  });
});

describe("the release workflow", () => {
  const { parse } = require("yaml");
  const workflow = parse(readFileSync(join(ROOT, ".github/workflows/release.yml"), "utf8"));
  const ci = parse(readFileSync(join(ROOT, ".github/workflows/ci.yml"), "utf8"));
  const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;

  it("runs after CI passes on main, and publishes with provenance", () => {
    expect(workflow.on.workflow_run).toEqual({ workflows: [ci.name], branches: ["main"], types: ["completed"] });
    expect(workflow.jobs.release.if).toContain("conclusion == 'success'");
    expect(workflow.permissions["id-token"]).toBe("write");
    const step = workflow.jobs.release.steps.find((s) => String(s.uses).startsWith("changesets/action"));
    expect(step.env.NPM_CONFIG_PROVENANCE).toBe("true");
    // The scripts it runs exist, and do what the README says.
    expect(step.with.version).toBe("npm run version-packages");
    expect(step.with.publish).toBe("npm run release");
    expect(scripts["version-packages"]).toMatch(/^changeset version && node scripts\/breaking\.mjs --record/);
    expect(scripts.release).toMatch(/changeset publish$/);
  });

  it("is preceded by the CI that npm test is", () => {
    expect(ci.jobs.ci.steps.at(-1).run).toBe("bash .ci/run");
  });
});
