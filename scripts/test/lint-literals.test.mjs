// scripts/lint-literals.mjs: every way a value of the document or an error code can be spelt in code
// is caught, with the constant to use; ordinary words that only look like a value are not.
import { describe, expect, it } from "vitest";
import { findLiterals } from "../lint-literals.mjs";

const fixes = (code) => findLiterals("planted.ts", code).map((hit) => hit.fix);

describe("lint-literals", () => {
  it.each([
    ["a status compared as written", 'if (task.status === "INCRMIGEATING") {}', "use MIGRATION_STATUS.INCRMIGEATING"],
    ["a lower-case comparison", 'if (task.status.toLowerCase() === "incrmigeating") {}', "MIGRATION_STATUS.INCRMIGEATING"],
    ["a concatenation", 'const s = "INCRMIG" + "EATING";', "MIGRATION_STATUS.INCRMIGEATING"],
    [
      "startsWith on a prefix",
      'if (task.status.startsWith("INCRMIG")) {}',
      "is the start of a value of the document: compare with MIGRATION_STATUS.INCRMIGEATING",
    ],
    ["an error code in a regex", "const re = /DCS\\.4133/;", "use DcsErrors.TASK_NOT_FOUND.code"],
    ["an error code in lower case", 'const c = "dcs.4133";', "use DcsErrors.TASK_NOT_FOUND.code"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the planted code is a template string.
    ["an error code in a template string", "const m = `failed: ${x} DCS.4957`;", "use DcsErrors.TASK_STATE_FORBIDS.code"],
    ["a status in a template string", "const s = `INCRMIGEATING`;", "MIGRATION_STATUS.INCRMIGEATING"],
    ["an object key", "const phases = { INCRMIGEATING: 1 };", "MIGRATION_STATUS.INCRMIGEATING"],
    ["an IP switch status", 'if (task.task_status === "EXCHANGE_SUCCESS") {}', "IP_EXCHANGE_STATUS.EXCHANGE_SUCCESS"],
    ["a batch result given to its field", 'const r = { result: "success" };', "use BATCH_RESULT.success"],
    ["a migration type compared", 'if (task.migration_type === "backupfile_import") {}', "use MIGRATION_TYPE.backupfile_import"],
    ["a file source", 'const f = { file_source: "self_build_obs" };', "FILE_SOURCE.self_build_obs"],
    ["a network type given to its field", 'const n = { network_type: "vpc" };', "use NETWORK_TYPE.vpc"],
    ["a resume mode given to its field", 'const m = { resume_mode: "auto" };', "use RESUME_MODE.auto"],
    ["a job status", 'if (job.status === "INIT") {}', "JOB_STATUS.INIT"],
    ["a log level in a switch", 'switch (entry.log_level) { case "ERROR": break; }', "use LOG_LEVEL.ERROR"],
  ])("catches %s", (_form, code, fix) => {
    expect(fixes(code).join("\n")).toContain(fix);
  });

  it("names every enum's constant where a value belongs to several (SUCCESS: a job's and a task's)", () => {
    expect(fixes('if (x.status === "SUCCESS") {}')).toEqual([expect.stringMatching(/JOB_STATUS\.SUCCESS or MIGRATION_STATUS\.SUCCESS/)]);
  });

  it.each([
    ["an event kind", 'if (m.type() === "error") {}'],
    ["fetch's redirect mode", 'const init = { redirect: "manual" };'],
    ["a phase's label", 'const label = { [MIGRATION_STATUS.CREATING]: "creating" };'],
    ["an exit code's name", "const EXIT = { FAILED: 5 };"],
    ["a union of literal types", 'type Kind = "failed" | "stalled";'],
    ["an excused line", '// lint-literals-ignore: a DCS instance\'s own status\nconst s = "INCRMIGEATING";'],
  ])("leaves %s alone", (_form, code) => {
    expect(fixes(code)).toEqual([]);
  });
});
