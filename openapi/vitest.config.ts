import { defineConfig } from "vitest/config";

export default defineConfig({
  // One worker for every file, modules loaded once: the suites only read the bundle and files, and
  // a fresh process per file cost more than the tests themselves.
  test: { include: ["test/**/*.test.ts"], isolate: false },
});
