import { defineConfig } from "vitest/config";

// The type tests (test/*.test-d.ts) are compiled by npm test's typecheck task (the root's
// tsconfig.check.json): a failed expectTypeOf or an unused @ts-expect-error fails there.
export default defineConfig({
  // The oracle tests sign hundreds of requests (WebCrypto too) while the other packages' suites
  // load the machine: more than vitest's default 5 s is an honest bound there.
  // isolate: false: the files share a worker and its loaded modules (each test builds its own client
  // and servers); a fresh process per file cost more than most files' tests.
  test: { include: ["test/**/*.test.ts"], testTimeout: 20_000, isolate: false },
});
