// The sandbox on a manual clock that the suites of manual.test.ts share: nothing moves until a test
// advances it, and every test starts from a reset one (harness.ts).
import { useSandbox } from "./harness.js";

export const env = useSandbox({ speed: "manual" });
