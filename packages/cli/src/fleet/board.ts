// A fleet on a terminal: below the lines that scroll (each migration's steps, each one's end), one
// line per migration in flight (name, phase, copy %, offset, elapsed) and a totals line, redrawn in
// place at every poll, so that nothing scrolls while the fleet waits.
import { formatDuration } from "../durations.js";
import type { Progress, Reporter } from "../output.js";

export type Tally = "done" | "held" | "failed" | "interrupted" | "not started";

interface InFlight {
  started: number;
  progress?: Progress | undefined;
  /** Its last step, shown until the next poll says more. */
  step?: string;
}

export interface Board {
  start(name: string): void;
  progress(name: string, progress: Progress): void;
  step(name: string, message: string): void;
  finish(name: string, result: Tally): void;
  /** Takes the board off the screen (before the summary). */
  clear(): void;
}

const number = (n: number) => n.toLocaleString("en-US");

/** One in-flight migration's line. */
export function boardLine(name: string, width: number, flight: InFlight, now: number): string {
  const p = flight.progress;
  const parts = [name.padEnd(width), p ? `${p.phase}: ${p.status}${p.taskStatus ? ` (${p.taskStatus})` : ""}` : (flight.step ?? "starting")];
  if (p?.percent !== undefined) parts.push(`${p.percent.toFixed(1)}%`);
  if (p?.offset !== undefined) parts.push(`offset ${number(p.offset)}`);
  parts.push(formatDuration(now - flight.started));
  return parts.join("  ");
}

export function createBoard(reporter: Reporter, names: readonly string[], now: () => number = Date.now): Board {
  const width = Math.max(...names.map((n) => n.length), 4);
  const flying = new Map<string, InFlight>();
  const ended: Record<Tally, number> = { done: 0, held: 0, failed: 0, interrupted: 0, "not started": 0 };
  const draw = () => {
    const waiting = names.length - flying.size - ended.done - ended.held - ended.failed - ended.interrupted;
    const at = now();
    reporter.live([
      ...[...flying].map(([name, flight]) => boardLine(name, width, flight, at)),
      `fleet: ${ended.done} done, ${flying.size} running, ${waiting} waiting, ${ended.failed} failed, ${ended.held} held${ended.interrupted ? `, ${ended.interrupted} interrupted` : ""}`,
    ]);
  };
  // The elapsed times move between polls too.
  let ticking: NodeJS.Timeout | undefined;
  return {
    start(name) {
      flying.set(name, { started: now() });
      ticking ??= setInterval(() => flying.size && draw(), 1000).unref();
      draw();
    },
    step(name, message) {
      const flight = flying.get(name);
      if (!flight) return;
      flight.progress = undefined;
      flight.step = message;
      draw();
    },
    progress(name, progress) {
      const flight = flying.get(name);
      if (!flight) return;
      flight.progress = progress;
      draw();
    },
    finish(name, result) {
      flying.delete(name);
      ended[result]++;
      draw();
    },
    clear() {
      clearInterval(ticking);
      reporter.live([]);
    },
  };
}
