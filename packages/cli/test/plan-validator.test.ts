// The plan's validator as the build compiles it ahead of time (dist/plan/plan-validator.js, what the
// packed dcs-migrate runs) against the one compiled at start-up from the same schema (what the tests
// on src/ run): over good plans and random changes to them, the same verdict and the same errors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planAjv } from "../src/plan/ajv.js";
import { PLAN_SCHEMA } from "../src/plan/schema.js";
import { GOOD, onlinePlan } from "./plans.js";

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; keyword: string; params: unknown }> | null };
const ahead = (await import(new URL("../dist/plan/plan-validator.js", import.meta.url).href)).default as Validate;
const atStart = planAjv().compile(PLAN_SCHEMA) as Validate;

const verdict = (validate: Validate, plan: unknown) => {
  const valid = validate(plan);
  return { valid, errors: (validate.errors ?? []).map((e) => [e.instancePath, e.keyword, e.params]) };
};

const BASES = [
  parse(GOOD),
  parse(
    onlinePlan(
      "    migration_method: full_amount_migration\n    resume_mode: auto\n    source_instance: { addrs: '10.0.0.5:6379' }\n    target_instance: { id: cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd }\n",
    ),
  ),
  { version: 1, redis: { source: `redis://${"a".repeat(3000)}` } },
];

/** A plan with the value at one path replaced (or a field added there). */
const changed = fc
  .tuple(fc.constantFrom(...BASES), fc.array(fc.nat(8), { minLength: 1, maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }))
  .map(([base, path, value]) => {
    const plan = structuredClone(base) as Record<string, unknown>;
    let at: Record<string, unknown> = plan;
    for (const [i, step] of path.entries()) {
      const keys = Object.keys(at);
      const key = keys[step % Math.max(1, keys.length)] ?? "extra";
      if (i === path.length - 1 || typeof at[key] !== "object" || at[key] === null) {
        at[step % 3 === 2 ? "unknown_field" : key] = value;
        break;
      }
      at = at[key] as Record<string, unknown>;
    }
    return plan;
  });

describe("the plan validator compiled ahead of time", () => {
  it("gives the verdict and the errors of the one compiled at start-up", () => {
    for (const base of BASES) expect(verdict(ahead, base)).toEqual(verdict(atStart, base));
    expect(verdict(ahead, BASES[2]).valid).toBe(false);
    fc.assert(
      fc.property(changed, (plan) => {
        expect(verdict(ahead, plan)).toEqual(verdict(atStart, plan));
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
