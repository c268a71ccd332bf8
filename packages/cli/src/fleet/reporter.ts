// One migration's reporter within a fleet: its lines prefixed with its name, its JSON events carrying
// `"name"`, and its end (done or error) kept for the fleet's summary instead of ending the output.
import type { CliError } from "../exit.js";
import type { Reporter } from "../output.js";

export interface Ending {
  fields?: Record<string, unknown>;
  error?: CliError;
}

export function migrationReporter(parent: Reporter, name: string, ending: Ending): Reporter {
  return {
    mode: parent.mode,
    step: (message, fields = {}) => parent.step(`${name}: ${message}`, { name, ...fields }),
    progress: (p) => (parent.mode === "json" ? parent.data("progress", { name, ...p }, () => "") : parent.progress({ ...p, phase: `${name}: ${p.phase}` })),
    warn: (message) => parent.warn(`${name}: ${message}`),
    // A command's data goes to stdout in text: within a fleet a migration's calls are steps.
    data: (event, fields, text) => (parent.mode === "json" ? parent.data(event, { name, ...fields }, text) : parent.step(`${name}: ${text()}`)),
    done(fields, summary) {
      ending.fields = fields;
      parent.step(`${name}: ${summary ?? "done"}`, { name, kind: "migration-done", ...fields });
    },
    error(error) {
      ending.error = error;
    },
    secret: (value) => parent.secret(value),
    close() {},
  };
}
