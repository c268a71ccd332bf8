// One migration's reporter within a fleet: its lines prefixed with its name, its JSON events carrying
// `"name"`, and its end (done or error) kept for the fleet's summary instead of ending the output. On
// a terminal its progress is its line of the fleet's board.
import type { CliError } from "../exit.js";
import type { Reporter } from "../output.js";
import type { Board } from "./board.js";

export interface Ending {
  fields?: Record<string, unknown>;
  error?: CliError;
}

export function migrationReporter(parent: Reporter, name: string, ending: Ending, board?: Board): Reporter {
  return {
    mode: parent.mode,
    step(message, fields = {}) {
      parent.step(`${name}: ${message}`, { name, ...fields });
      board?.step(name, message);
    },
    progress: (p) => {
      if (parent.mode === "json") parent.data("progress", { name, ...p }, () => "");
      else if (board) board.progress(name, p);
      else parent.progress({ ...p, phase: `${name}: ${p.phase}` });
    },
    // The board is the fleet's live block: a migration has none of its own.
    live() {},
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
