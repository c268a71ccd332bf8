// The bounds of a plan, each named in the error that enforces it. A plan is a few dozen fields; these
// leave it room a hundred times over, and stop a file that is not a plan (or is an attack) in
// milliseconds: the YAML parser takes seconds on a mapping of 40 000 keys and runs out of memory
// on a thousand nested brackets, so the text is measured before it is parsed.
import { usage } from "../exit.js";
import type { Position } from "./source.js";

export const PLAN_BOUNDS = {
  /** Lines plus the items of flow collections ({a: 1, b: 2} and [1, 2]): an upper bound of a plan's values. */
  values: 10_000,
  /** Nesting of mappings and lists. */
  depth: 64,
  /** Characters of one string (a plan's longest is a list of addresses or a bucket path). */
  stringLength: 64 * 1024,
} as const;

const tooMuch = (file: string, at: Position, what: string, bound: number, kind = "plan") =>
  usage(
    `${file}:${at.line}:${at.column}: the ${kind} has more than ${bound.toLocaleString("en-US")} ${what}, the bound of a ${kind}`,
    `Is it the right file? A ${kind} is a few dozen fields.`,
  );

/**
 * Before parsing: how deep the flow brackets nest and how many values the text can hold, in one
 * pass. Quoted scalars and comments are skipped, so brackets inside them do not count.
 */
export function checkText(file: string, text: string, kind: "plan" | "body" = "plan"): void {
  let depth = 0;
  let values = 1;
  let line = 1;
  let lineStart = 0;
  const here = (i: number): Position => ({ line, column: i - lineStart + 1 });
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      line++;
      lineStart = i + 1;
      if (++values > PLAN_BOUNDS.values) throw tooMuch(file, here(i), "values", PLAN_BOUNDS.values, kind);
    } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1] as string))) {
      const end = text.indexOf("\n", i);
      i = (end === -1 ? text.length : end) - 1;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:-]/.test(text[i - 1] as string))) {
      // A quoted scalar starts only where a value can: a quote inside a plain word (don't) is text.
      for (i++; i < text.length && text[i] !== c; i++) {
        if (c === '"' && text[i] === "\\") i++;
        else if (text[i] === "\n") {
          line++;
          lineStart = i + 1;
        }
      }
      // '' is an escaped quote in single quotes: the scan simply goes on to the next one.
    } else if (c === "[" || c === "{") {
      if (++depth > PLAN_BOUNDS.depth) throw tooMuch(file, here(i), "levels of nesting", PLAN_BOUNDS.depth, kind);
    } else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
    else if (c === "," && depth > 0 && ++values > PLAN_BOUNDS.values) throw tooMuch(file, here(i), "values", PLAN_BOUNDS.values, kind);
  }
}

/** After parsing: block nesting (indentation) and each string's length, walked without recursion. */
export function checkValue(file: string, value: unknown, at: (path: Array<string | number>) => Position): void {
  const pending: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (pending.length) {
    const { value: node, path } = pending.pop() as (typeof pending)[number];
    if (typeof node === "string" && node.length > PLAN_BOUNDS.stringLength) {
      throw usage(
        `${file}:${at(path).line}:${at(path).column}: ${path.join(".")}: a string of ${node.length.toLocaleString("en-US")} characters; the bound of a plan's string is ${PLAN_BOUNDS.stringLength.toLocaleString("en-US")}`,
      );
    }
    if (!node || typeof node !== "object") continue;
    if (path.length >= PLAN_BOUNDS.depth) throw tooMuch(file, at(path), "levels of nesting", PLAN_BOUNDS.depth);
    for (const [key, child] of Object.entries(node)) pending.push({ value: child, path: [...path, Array.isArray(node) ? Number(key) : key] });
  }
}
