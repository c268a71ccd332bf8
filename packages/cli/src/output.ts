// What dcs-migrate says while it works, for people and for machines:
// - a terminal: step lines as they happen and, below them on stderr, the live block (one progress
//   line, or a fleet's board) redrawn in place, each line cut to the terminal's width so none wraps;
// - not a terminal, CI=true or --no-progress: one plain line per change, no ANSI code at all, and
//   never a minute of silence (CI kills silent jobs);
// - --json: JSON Lines on stdout, one event per line, ending with "done" or "error"; nothing else.
// Every line passes through `scrub`: no secret of the plan or the credentials is ever written.
import { secretMasker } from "@dcs-migration/client/operations";
import { formatDuration } from "./durations.js";
import type { CliError } from "./exit.js";

export interface Progress {
  /** What is happening: "job", "full copy", "incremental sync", "IP switch"... */
  phase: string;
  status: string;
  taskStatus?: string | null | undefined;
  percent?: number | undefined;
  targetKeys?: number | undefined;
  sourceKeys?: number | undefined;
  offset?: number | undefined;
  inputKbps?: number | undefined;
  elapsedMs: number;
  /** While copying: the time left at the rate so far. */
  etaMs?: number | undefined;
}

export interface Reporter {
  readonly mode: "tty" | "plain" | "json";
  /** Something happened: a task created, a switch started. */
  step(message: string, fields?: Record<string, unknown>): void;
  progress(progress: Progress): void;
  /** On a terminal, the lines redrawn in place below the step lines (a fleet's board); [] clears them. Elsewhere nothing. */
  live(lines: readonly string[]): void;
  warn(message: string): void;
  /** A command's data: printed by the caller as text, or one event in JSON mode. */
  data(event: string, fields: Record<string, unknown>, text: () => string): void;
  done(fields: Record<string, unknown>, summary?: string): void;
  error(error: CliError): void;
  /** Strings never to write (a Redis password from the environment, the SK...). */
  secret(value: string | undefined): void;
  close(): void;
}

/**
 * Control characters (but newline and tab), DEL, C1 controls and the bidirectional overrides, as
 * escapes a reader sees (`\x1b`, `\u202e`): text from a server can neither move the cursor nor
 * reorder a line.
 */
export function visible(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** A value a server sent, for a human line: its newlines too are shown as escapes, so it cannot forge a line. */
export const field = (value: unknown): string => visible(String(value ?? "")).replace(/\n/g, "\\n");

/** "1 migration", "3 migrations". */
export const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const number = (n: number | undefined) => (n === undefined ? "?" : n.toLocaleString("en-US"));

/** The progress line: phase and status, copy %, keys, offset, input rate, elapsed, ETA. */
export function formatProgress(p: Progress): string {
  const parts = [`${p.phase}: ${p.status}${p.taskStatus ? ` (${p.taskStatus})` : ""}`];
  if (p.percent !== undefined) parts.push(`${p.percent.toFixed(1)}%`);
  if (p.targetKeys !== undefined || p.sourceKeys !== undefined) parts.push(`keys ${number(p.targetKeys)}/${number(p.sourceKeys)}`);
  if (p.offset !== undefined) parts.push(`offset ${number(p.offset)}`);
  if (p.inputKbps !== undefined) parts.push(`${(p.inputKbps / 1024).toFixed(1)} MB/s`);
  parts.push(`elapsed ${formatDuration(p.elapsedMs)}`);
  if (p.etaMs !== undefined) parts.push(`ETA ${formatDuration(p.etaMs)}`);
  return parts.join("  ");
}

/** What makes a plain line worth writing: the progress, less the clock. */
const changeOf = (p: Progress) => JSON.stringify([p.phase, p.status, p.taskStatus, p.percent, p.targetKeys, p.offset]);

export interface OutputOptions {
  json: boolean;
  noProgress: boolean;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** How long a plain output may stay silent before it says it is still waiting. */
  heartbeatMs?: number;
  /** True once stdout's reader has gone (EPIPE): nothing more is written to it. */
  closed?: () => boolean;
}

export function createReporter(options: OutputOptions): Reporter {
  const { stderr, env } = options;
  const closed = options.closed ?? (() => false);
  const stdout = { write: (text: string) => closed() || options.stdout.write(text) };
  const mode = options.json ? "json" : stderr.isTTY && !env.CI && !options.noProgress ? "tty" : "plain";
  const colour = mode === "tty" && !env.NO_COLOR;
  const secrets = new Set<string>();
  let mask = secretMasker(secrets, "***");
  // Human output shows what a server sent (a task's name...) with its control characters made
  // visible: raw, `\x1b[2J` would clear the operator's screen, or forge a line. JSON stays exact.
  const scrub = (text: string) => (mode === "json" ? mask(text) : visible(mask(text)));
  const bold = (text: string) => (colour ? `\x1b[1m${text}\x1b[22m` : text);
  const red = (text: string) => (colour ? `\x1b[31m${text}\x1b[39m` : text);

  // The live block on the terminal (lines without their ending newline), redrawn after each step line.
  let live: string[] = [];
  let lastChange = "";
  let last: Progress | undefined;
  let lastWrite = Date.now();
  const heartbeatMs = options.heartbeatMs ?? 60_000;
  // Back to the block's first line and clear it: one line is cleared alone, as it always was.
  const erase = () => (live.length > 1 ? `\x1b[${live.length - 1}A\r\x1b[2K\x1b[J` : live.length ? "\r\x1b[2K" : "");
  const drawn = () => live.map(bold).join("\n");
  // A wrapped line would make the block taller than it counts, and the redraw would climb too little.
  const fit = (text: string) => {
    const width = Math.max(20, (stderr.columns || 80) - 1);
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  };
  const redraw = (lines: readonly string[]) => {
    const before = erase();
    live = lines.map((l) => fit(scrub(l)));
    stderr.write(`${before}${drawn()}`);
    lastWrite = Date.now();
  };

  const line = (text: string) => {
    lastWrite = Date.now();
    if (mode === "tty" && live.length) stderr.write(`${erase()}${scrub(text)}\n${drawn()}`);
    else stderr.write(`${scrub(text)}\n`);
  };
  // Each string is masked before it is encoded (a message may hold JSON, which encoding escapes
  // twice over), and the line once more after.
  const event = (fields: Record<string, unknown>) =>
    stdout.write(`${scrub(JSON.stringify(fields, (_key, value: unknown) => (typeof value === "string" ? mask(value) : value)))}\n`);

  // Plain output is never silent for longer than a heartbeat, whatever the wait.
  const heartbeat =
    mode === "plain"
      ? setInterval(
          () => {
            if (last && Date.now() - lastWrite >= heartbeatMs) line(`still waiting: ${formatProgress({ ...last, elapsedMs: last.elapsedMs })}`);
          },
          Math.min(heartbeatMs, 10_000),
        )
      : undefined;
  heartbeat?.unref();

  return {
    mode,
    step(message, fields = {}) {
      if (mode === "json") return event({ event: "step", message, ...fields });
      line(message);
    },
    progress(p) {
      last = p;
      if (mode === "json") return event({ event: "progress", ...p });
      if (mode === "tty") return redraw([formatProgress(p)]);
      const change = changeOf(p);
      if (change === lastChange) return;
      lastChange = change;
      line(formatProgress(p));
    },
    live(lines) {
      if (mode === "tty") redraw(lines);
    },
    warn(message) {
      if (mode === "json") return event({ event: "warning", message });
      line(`warning: ${message}`);
    },
    data(name, fields, text) {
      if (mode === "json") return event({ event: name, ...fields });
      stdout.write(`${scrub(text())}\n`);
    },
    done(fields, summary) {
      if (mode === "json") return event({ event: "done", ...fields });
      if (mode === "tty") redraw([]);
      if (summary) line(summary);
    },
    error(error) {
      const { exitCode, message, details } = error;
      if (mode === "json") {
        return event({ event: "error", exit_code: exitCode, error_code: details.errorCode ?? null, message, hint: details.hint ?? null });
      }
      if (mode === "tty") redraw([]);
      stderr.write(`${red("dcs-migrate:")} ${scrub(`${message}${details.hint ? `\n  ${details.hint}` : ""}`)}\n`);
    },
    secret(value) {
      // Short values would mask ordinary words: the masker leaves them (the client's own floor).
      if (value && !secrets.has(value)) {
        secrets.add(value);
        mask = secretMasker(secrets, "***");
      }
    },
    close() {
      if (heartbeat) clearInterval(heartbeat);
      if (mode === "tty" && live.length) stderr.write("\n");
      live = [];
    },
  };
}
