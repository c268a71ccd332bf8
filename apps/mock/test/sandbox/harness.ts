// One sandbox per configuration for all the files a vitest worker runs (isolate: false; its Prism
// takes a second or more of CPU to start), reset before every test so that none depends on another;
// and a client whose every answer is checked: no violation of the document (Prism's sl-violations
// header), and an error always in the service's JSON shape. The sandboxes end with their worker:
// startPrism's children are killed when the process exits.
import { createDcsClient, type DcsClientOptions } from "@dcs-migration/client";
import { afterEach, beforeAll, beforeEach, expect } from "vitest";
import { type RunningSandbox, type SandboxOptions, startSandbox } from "../../src/index.js";
import { PROJECT } from "../contract.js";

export interface Seen {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

const shared = new Map<string, Promise<RunningSandbox>>();

/** The worker's sandbox of this configuration, started on first use. */
function sandboxOf(options: SandboxOptions): Promise<RunningSandbox> {
  const key = JSON.stringify(options);
  let found = shared.get(key);
  if (!found) {
    found = startSandbox(options);
    shared.set(key, found);
    // A start that failed is not kept: the next file tries again, and says why.
    found.catch(() => shared.delete(key));
  }
  return found;
}

/** For the calling test file: the shared sandbox of `options`, reset before each of its tests. */
export function useSandbox(options: SandboxOptions) {
  const state = { sandbox: undefined as unknown as RunningSandbox, violations: [] as string[] };
  beforeAll(async () => {
    state.sandbox = await sandboxOf(options);
  }, 120_000);
  beforeEach(() => {
    state.sandbox.reset();
    state.violations = [];
  });
  afterEach(() => {
    // Prism (--errors) turns an answer that breaks the document into a 500; its header names what was wrong.
    expect(state.violations, "every answer of the sandbox keeps the document").toEqual([]);
  });
  return {
    get sandbox() {
      return state.sandbox;
    },
    /** A client of the sandbox, as a user makes one; `seen` receives every answer, parsed. */
    client(extra: Partial<DcsClientOptions> & { seen?: Seen[] } = {}) {
      const { seen, ...options } = extra;
      return createDcsClient({
        endpoint: state.sandbox.url,
        projectId: PROJECT,
        credentials: { token: "a-token" },
        retry: false,
        fetch: async (request) => {
          const response = await fetch(request);
          const header = response.headers.get("sl-violations");
          if (header) state.violations.push(`${request.method} ${new URL(request.url).pathname}: ${header}`);
          const text = await response.clone().text();
          const body = text ? JSON.parse(text) : undefined;
          if (!response.ok) {
            expect(body, `${request.method} ${request.url}: an error in the service's JSON`).toEqual(
              expect.objectContaining({ error_code: expect.stringMatching(/^(DCS|APIGW)\.\d{4}$/), error_msg: expect.any(String) }),
            );
          }
          seen?.push({ method: request.method, path: new URL(request.url).pathname, status: response.status, body });
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
/** Two DCS instances: what an IP switch needs. */
export const SIDES = {
  source_instance: { id: "a9c7f3f0-1f0e-4b8f-9d65-3d1c0b0f8a11", password: "source-secret" },
  target_instance: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd", password: "target-secret" },
};
/** A self-built Redis as the source: no IP switch for it. */
export const SELF_BUILT = {
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
/** BACKUP with mutable arrays, as the request type wants them. */
export const backupBody = () => ({ ...BACKUP, backup_files: { ...BACKUP.backup_files, files: [...BACKUP.backup_files.files] } });
export const minutes = (n: number) => n * 60_000;
