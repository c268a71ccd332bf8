import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest under npm test's load start first (readme-scripts.test.ts took 39 s,
 * cli.test.ts and cli-fleet.test.ts 34 s each, mock-bin.test.ts 28 s, the others 21 s or less), so
 * that the run does not end on one long file with the other worker idle. Vitest's own order puts
 * the longest first only once its cache has their durations; on a fresh clone it orders by file
 * size, which started snippets.test.ts eighth. The rest keep vitest's order.
 */
const LONGEST = ["readme-scripts.test.ts", "snippets.test.ts", "cli.test.ts", "cli-fleet.test.ts", "mock-bin.test.ts", "mcp.test.ts", "cli-terminal.test.ts"];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const found = LONGEST.findIndex((name) => file.moduleId.endsWith(`/${name}`));
      return found === -1 ? LONGEST.length : found;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One install of every packed package, shared by every file (packed-setup.ts).
    globalSetup: ["test/packed-setup.ts"],
    sequence: { sequencer: LongestFirst },
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
