// One Prism mock for the whole contract suite, started before and always stopped after it.
import type { TestProject } from "vitest/node";
import { startPrism } from "../src/prism.js";

export default async function setup(project: TestProject) {
  const prism = await startPrism({ mode: "mock" });
  project.provide("prismUrl", prism.url);
  return () => prism.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}
