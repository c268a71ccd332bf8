// What a run resumes against: every value of the plan as it resolved (after ${NAME}), each field by
// a short hash, so that a resume can name each field whose value changed since the state was written
// (a row of an inventory, an environment variable), while a comment or a reordering changes nothing.
// A password field is left out, and a value holding a secret is hashed with the secret masked: the
// state never holds anything a secret can be recovered from.
import { createHash } from "node:crypto";
import { SECRET_FIELDS } from "./schema.js";
import type { Plan } from "./validate.js";

export type Fingerprint = Record<string, string>;

const short = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

/** Each field of the resolved plan (dotted path) and a hash of its value; secrets out. */
export function fingerprint(plan: Plan, secrets: readonly string[]): Fingerprint {
  // Every secret, however short (the output's masker leaves short ones alone; a hash must not).
  // A URL's own password (redis://user:password@host) too, whether or not a variable filled it.
  const mask = (text: string) =>
    secrets.reduce((masked, secret) => (secret ? masked.split(secret).join("***") : masked), text).replace(/^(\w+:\/\/[^:@/]*:)[^@/]*@/, "$1***@");
  const fields: Fingerprint = {};
  const walk = (value: unknown, path: string[]) => {
    if (value !== null && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
      if (Array.isArray(value) && value.length === 0) fields[path.join(".")] = short([]);
      return;
    }
    if (SECRET_FIELDS.has(String(path.at(-1)))) return;
    fields[path.join(".")] = short(typeof value === "string" ? mask(value) : value);
  };
  walk(plan, []);
  return fields;
}

/** The fields whose values differ between two fingerprints (added and removed ones too), sorted. */
export function changedFields(before: Fingerprint, after: Fingerprint): string[] {
  const all = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...all].filter((field) => before[field] !== after[field]).sort();
}
