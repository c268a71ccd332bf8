// Checks of what a caller gives the sandbox (startSandbox's options, the bin's flags, the control
// API's bodies): a wrong value names the field, what it takes and what it got; an unknown field
// names the fields there are, and the nearest one.
// The same "did you mean" as dcs-migrate's and the MCP server's: one edit distance, the client's.
import { nearest } from "@dcs-migration/client/operations";
import type { Speed } from "./clock.js";
import { OUTCOMES, type Outcome } from "./model.js";

export class SandboxOptionError extends TypeError {
  override readonly name = "SandboxOptionError";
}

const got = (value: unknown) => (value === undefined ? "nothing" : JSON.stringify(value));

/** Fails on a field `where` does not take, naming the fields it does. */
export function onlyFields(where: string, value: unknown, known: readonly string[]): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new SandboxOptionError(`${where} takes an object with ${known.join(", ")}; got ${got(value)}`);
  const unknown = Object.keys(value).filter((k) => !known.includes(k));
  if (unknown.length) {
    const hints = unknown.map((k) => {
      const near = nearest(k, known);
      return near ? `${k} (did you mean ${near}?)` : k;
    });
    throw new SandboxOptionError(`${where}: unknown field ${hints.join(", ")}; the fields are ${known.join(", ")}`);
  }
  return value as Record<string, unknown>;
}

export function checkSpeed(value: unknown, field = "speed"): Speed {
  if (value === "manual" || (typeof value === "number" && value > 0 && Number.isFinite(value))) return value;
  throw new SandboxOptionError(`\`${field}\` is a positive number of virtual ms per real ms (600: ten minutes a second) or "manual"; got ${got(value)}`);
}

export function checkMs(value: unknown, field: string, what: string): number {
  if (typeof value === "number" && value >= 0 && Number.isFinite(value)) return value;
  throw new SandboxOptionError(`\`${field}\` is ${what}, a number of milliseconds >= 0; got ${got(value)}`);
}

export function checkSkew(value: unknown, field = "skewMs"): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw new SandboxOptionError(`\`${field}\` is how far the gateway's clock is ahead of this machine's, in ms (negative: behind); got ${got(value)}`);
}

export function checkPort(value: unknown, field = "port"): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 65535) return value;
  throw new SandboxOptionError(`\`${field}\` is a port number from 0 (any free one) to 65535; got ${got(value)}`);
}

export function checkOutcome(value: unknown): Outcome {
  if (typeof value === "string" && value in OUTCOMES) return value as Outcome;
  const near = typeof value === "string" ? nearest(value, Object.keys(OUTCOMES)) : undefined;
  throw new SandboxOptionError(`\`outcome\` is one of ${Object.keys(OUTCOMES).join(", ")}; got ${got(value)}${near ? ` (did you mean ${near}?)` : ""}`);
}

export const FAULT_KINDS = ["throttle", "error", "slow"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export interface Faults {
  rate: number;
  kinds: FaultKind[];
  slowMs: number;
}

/** `{ rate: 0..1, kinds?: ["throttle" | "error" | "slow"], slowMs? }`; nothing: no faults. */
export function checkFaults(value: unknown, where = "faults"): Faults {
  const fields = onlyFields(where, value, ["rate", "kinds", "slowMs"]);
  const { rate = 0, kinds = [...FAULT_KINDS], slowMs = 2000 } = fields;
  if (!(typeof rate === "number" && rate >= 0 && rate <= 1))
    throw new SandboxOptionError(`\`${where}.rate\` is the share of responses to spoil, from 0 to 1; got ${got(rate)}`);
  if (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => !FAULT_KINDS.includes(k))) {
    throw new SandboxOptionError(`\`${where}.kinds\` lists some of ${FAULT_KINDS.join(", ")}; got ${got(kinds)}`);
  }
  return { rate, kinds: kinds as FaultKind[], slowMs: checkMs(slowMs, `${where}.slowMs`, "the delay of a slow answer") };
}

export function checkCredentials(value: unknown): { accessKeyId: string; secretAccessKey: string } | undefined {
  if (value === undefined) return undefined;
  const fields = onlyFields("credentials", value, ["accessKeyId", "secretAccessKey"]);
  if (typeof fields.accessKeyId === "string" && fields.accessKeyId && typeof fields.secretAccessKey === "string" && fields.secretAccessKey) {
    return { accessKeyId: fields.accessKeyId, secretAccessKey: fields.secretAccessKey };
  }
  // Never the values: the SK is a secret.
  throw new SandboxOptionError("`credentials` is { accessKeyId, secretAccessKey } (the AK/SK the sandbox checks signatures with), both non-empty strings");
}
