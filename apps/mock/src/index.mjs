export { BUNDLED_DOCUMENT, freePort, startPrism } from "./prism.mjs";
export { mockUsage } from "./usage.mjs";
