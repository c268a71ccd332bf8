import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/*.test.ts", "test/sandbox/*.test.ts"],
    // These suites mostly wait on Prism, the sandbox and npm: more files at once than the 2 cores (not
    // many more: each starts Prism processes, and under the whole npm test their start-up slows down).
    maxWorkers: 4,
    testTimeout: 30_000,
    // A Prism start takes 1 to 2 s alone, and far longer while the whole npm test loads the machine.
    hookTimeout: 120_000,
  },
});
