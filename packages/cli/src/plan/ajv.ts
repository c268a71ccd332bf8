// The one Ajv a plan is checked with, whether compiled at start-up or ahead of time (scripts/plan-validator.mjs).
import { Ajv2020 } from "ajv/dist/2020.js";

export function planAjv(code?: { source: boolean; esm: boolean }): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, ...(code ? { code } : {}) });
  ajv.addFormat("password", true);
  return ajv;
}
