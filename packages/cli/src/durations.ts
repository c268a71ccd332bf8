// Durations as people write them on a command line: 50ms, 10s, 30m, 24h (1.5h too).
import { parseDuration as parse } from "@dcs-migration/client/operations";
import { usage } from "./exit.js";

export function parseDuration(flag: string, text: string): number {
  const ms = parse(text);
  if (Number.isNaN(ms)) throw usage(`--${flag} takes a duration such as 50ms, 10s, 30m or 24h; got ${JSON.stringify(text)}`);
  return ms;
}

/** 125000 -> "2m05s": how long something took, for people. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
