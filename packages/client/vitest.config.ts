import { defineConfig } from "vitest/config";

// The type tests (test/*.test-d.ts) are compiled by the package's `tsc -p tsconfig.json`, which runs
// before vitest in `npm test`: a failed expectTypeOf or an unused @ts-expect-error fails there.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"] },
});
