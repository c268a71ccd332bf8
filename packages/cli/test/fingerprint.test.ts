// What a state keeps of a plan's values (plan/fingerprint.ts): a field changed is named, a password is
// never part of what is hashed, in a password field or in a Redis URL.
import { describe, expect, it } from "vitest";
import { changedFields, fingerprint } from "../src/plan/fingerprint.js";
import type { Plan } from "../src/plan/validate.js";

const plan = (target: string, password: string, url: string): Plan => ({
  version: 1,
  online_migration: {
    create: { name: "m" },
    configure: { target_instance: { id: target, password } },
  },
  redis: { source: url },
});

describe("the plan's fingerprint", () => {
  it("names the field whose value changed, and no other", () => {
    const before = fingerprint(plan("t-1", "pw-1", "redis://10.0.0.5:6379"), []);
    const after = fingerprint(plan("t-2", "pw-1", "redis://10.0.0.5:6379"), []);
    expect(changedFields(before, after)).toEqual(["online_migration.configure.target_instance.id"]);
  });

  it("leaves every password out: a password field, a secret inside a value, a URL's own", () => {
    const a = fingerprint(plan("t", "first-password", "redis://user:first-password@10.0.0.5:6379"), ["first-password"]);
    const b = fingerprint(plan("t", "other-password", "redis://user:other-password@10.0.0.5:6379"), ["other-password"]);
    expect(changedFields(a, b)).toEqual([]);
    expect(Object.keys(a)).not.toContain("online_migration.configure.target_instance.password");
    // A literal URL password that no variable filled is masked all the same.
    const c = fingerprint(plan("t", "x", "redis://:literal-one@10.0.0.5:6379"), []);
    const d = fingerprint(plan("t", "x", "redis://:literal-two@10.0.0.5:6379"), []);
    expect(changedFields(c, d)).toEqual([]);
    expect(changedFields(c, fingerprint(plan("t", "x", "redis://:literal-one@10.0.0.6:6379"), []))).toEqual(["redis.source"]);
  });
});
