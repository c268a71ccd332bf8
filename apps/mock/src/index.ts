export { BUNDLED_DOCUMENT, freePort, type PrismOptions, type RunningPrism, startPrism } from "./prism.js";
export {
  type BackedInstance,
  OUTCOMES,
  type Outcome,
  type RunningSandbox,
  type SandboxFaults,
  SandboxOptionError,
  type SandboxOptions,
  type SandboxTaskState,
  type Speed,
  startSandbox,
} from "./sandbox/index.js";
export { mockUsage, sandboxUsage } from "./usage.js";
