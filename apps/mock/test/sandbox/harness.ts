// One sandbox per test file (a Prism proxy takes a second or two to start), reset before every
// test so none depends on another; and a client whose every response is checked for violations.
import { createDcsClient, type DcsClientOptions } from "@dcs-migration/client";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { type RunningSandbox, type SandboxOptions, startSandbox } from "../../src/index.mjs";
import { PROJECT } from "../contract.js";

export function useSandbox(options: SandboxOptions) {
  const state = { sandbox: undefined as unknown as RunningSandbox, violations: [] as string[] };
  beforeAll(async () => {
    state.sandbox = await startSandbox(options);
  }, 120_000);
  afterAll(() => state.sandbox?.stop());
  beforeEach(() => {
    state.sandbox.reset();
    state.violations = [];
  });
  afterEach(() => {
    // Prism (--errors) turns a violating answer into a 500; the header names what was wrong.
    expect(state.violations, "every response of the sandbox keeps the document").toEqual([]);
  });
  return {
    get sandbox() {
      return state.sandbox;
    },
    /**
     * A client of the sandbox, as a user makes one; every response's sl-violations is recorded.
     * `stepMs` moves a manual clock that far before each request: a wait then sees the same
     * statuses at the same polls whatever the machine's load, since only its requests move time.
     */
    client(extra: Partial<DcsClientOptions> & { stepMs?: number } = {}) {
      const { stepMs, ...options } = extra;
      return createDcsClient({
        endpoint: state.sandbox.url,
        projectId: PROJECT,
        credentials: { token: "a-token" },
        retry: false,
        fetch: async (request) => {
          if (stepMs) state.sandbox.advance(stepMs);
          const response = await fetch(request);
          const header = response.headers.get("sl-violations");
          if (header) state.violations.push(`${request.method} ${new URL(request.url).pathname}: ${header}`);
          return response;
        },
        ...options,
      });
    },
  };
}

export const ONLINE = {
  name: "move-sessions",
  vpc_id: "5e37b3be-950a-48e1-b498-65b63d336481",
  subnet_id: "40f15ed6-7f85-49d5-ba0e-65b940d4812c",
  security_group_id: "9df96622-24b7-4813-84b8-ab74552a21d7",
};
export const SIDES = {
  source_instance: { addrs: "192.168.1.1:6379", password: "source-secret" },
  target_instance: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd" },
};
export const BACKUP = {
  task_name: "restore",
  migration_type: "backupfile_import",
  migration_method: "full_amount_migration",
  backup_files: { file_source: "self_build_obs", bucket_name: "backups", files: [{ file_name: "dump.rdb" }] },
  target_instance: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd" },
} as const;
/** The codes with which the service refuses a call: no such task, not in this status, job still running. */
export const REFUSALS = ["DCS.4133", "DCS.4957", "DCS.4017"];
export const minutes = (n: number) => n * 60_000;
