import { defineConfig } from "vitest/config";

// isolate: false: the files share a worker and its loaded modules (each test makes its own files,
// servers and processes); a fresh process per file cost more than the tests.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 120_000, isolate: false } });
