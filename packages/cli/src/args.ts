// The command line: the command, its positionals and flags, and the global flags, which may stand
// before or after the command (`dcs-migrate --json status` is `dcs-migrate status --json`). A flag
// that does not exist is a usage error naming the nearest one that does.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { nearest } from "@dcs-migration/client/operations";
import { usage } from "./exit.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export const GLOBAL_OPTIONS = {
  endpoint: { type: "string" },
  region: { type: "string" },
  "project-id": { type: "string" },
  json: { type: "boolean" },
  "no-progress": { type: "boolean" },
  "poll-interval": { type: "string" },
  timeout: { type: "string" },
  "stall-after": { type: "string" },
  yes: { type: "boolean" },
  "max-rps": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const satisfies Options;

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Parsed {
  command: string | undefined;
  positionals: string[];
  values: Values;
}

export { nearest };

/** The first positional: the command, whatever global flags stand before it. */
export function findCommand(args: string[]): string | undefined {
  const { positionals } = parseArgs({ args, options: GLOBAL_OPTIONS, strict: false, allowPositionals: true });
  return positionals[0];
}

/**
 * The whole command line, strictly: the global flags and the command's own. `lenient` leaves flags
 * it does not know to a second, strict pass (`api`, whose flags depend on the operation).
 */
export function parseCommandLine(args: string[], where: string, options: Options, lenient = false): Parsed {
  const all: Options = { ...GLOBAL_OPTIONS, ...options };
  try {
    const { values, positionals } = parseArgs({ args, options: all, strict: !lenient, allowPositionals: true });
    return { command: positionals[0], positionals: positionals.slice(1), values: values as Values };
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    if (unknown) {
      const near = nearest(unknown.replace(/^-+/, ""), Object.keys(all));
      throw usage(
        `${where}: unknown flag ${unknown}${near ? ` (did you mean --${near}?)` : ""}`,
        `dcs-migrate ${where.replace(/^dcs-migrate /, "")} --help lists its flags`,
      );
    }
    // A value that starts with "-" (--parallel -1) reads as a flag; a flag at the end has no value.
    const ambiguous = /Option '(-{1,2}[^' ]+)[^']*' argument is ambiguous/.exec(message)?.[1];
    if (ambiguous) {
      throw usage(`${where}: ${ambiguous} was given a value that starts with "-"`, `Write it ${ambiguous}=VALUE if that is meant.`);
    }
    const missing = /Option '(-{1,2}[^' ]+)[^']*' argument missing/.exec(message)?.[1];
    if (missing) throw usage(`${where}: ${missing} needs a value`, `dcs-migrate ${where.replace(/^dcs-migrate /, "")} --help says what it takes`);
    throw usage(`${where}: ${message}`);
  }
}
