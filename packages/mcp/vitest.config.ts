import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // The sandbox's Prism takes seconds to start while the whole npm test loads the machine.
    hookTimeout: 120_000,
  },
});
