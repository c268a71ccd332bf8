import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/*.test.ts", "test/sandbox/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // These suites mostly wait on Prism, the sandbox and npm: every file at once, whatever the cores.
    maxWorkers: 8,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
