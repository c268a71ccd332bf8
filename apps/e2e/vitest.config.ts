import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One install of every packed package, shared by every file (packed-setup.ts).
    globalSetup: ["test/packed-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
