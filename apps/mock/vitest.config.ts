import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/*.test.ts", "test/sandbox/*.test.ts"],
    // Two files at once: each starts Prism, and under the whole npm test (other packages' suites
    // beside, on 2 cores) more of them only add contention: the total CPU time grows with it.
    maxWorkers: 2,
    // Files share their worker's loaded modules (the document, the client) and, through
    // test/sandbox/harness.ts, its sandbox of each configuration, reset before every test.
    isolate: false,
    testTimeout: 30_000,
    // A Prism start takes 1 to 2 s alone, and far longer while the whole npm test loads the machine.
    hookTimeout: 120_000,
  },
});
