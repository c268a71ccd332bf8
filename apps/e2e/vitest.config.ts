import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One install of every packed package, shared by every file (packed-setup.ts).
    globalSetup: ["test/packed-setup.ts"],
    // Two files at once: they wait on the processes they start, but those processes need the CPU,
    // which the other packages' suites share on 2 cores.
    maxWorkers: 2,
    // A worker runs its files one after another without a fresh module graph each: every file's
    // state is its own (what it starts, it stops; what it writes is under a scratch directory of its
    // own), and nine fresh workers cost 5 s of CPU more (137 s against 132 s for the suite alone).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
