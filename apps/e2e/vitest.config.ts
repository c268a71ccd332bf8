import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One install of every packed package, shared by every file (packed-setup.ts).
    globalSetup: ["test/packed-setup.ts"],
    // Two files at once: they wait on the processes they start, but those processes need the CPU,
    // which the other packages' suites share on 2 cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
