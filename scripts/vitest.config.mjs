import { defineConfig } from "vitest/config";

// The repository's own scripts (release pieces): `npm run release:check`, part of `npm test`.
export default defineConfig({ test: { root: import.meta.dirname, include: ["test/**/*.test.mjs"], testTimeout: 60_000 } });
