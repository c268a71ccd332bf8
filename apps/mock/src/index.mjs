export { BUNDLED_DOCUMENT, freePort, startPrism } from "./prism.mjs";
export { startSandbox } from "./sandbox/index.mjs";
export { mockUsage, sandboxUsage } from "./usage.mjs";
