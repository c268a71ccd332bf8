import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One install of every packed package, shared by every file (packed-setup.ts).
    globalSetup: ["test/packed-setup.ts"],
    // The files mostly wait on the processes they start: more of them at once than the 2 cores.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
