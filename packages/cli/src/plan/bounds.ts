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
  const count = (i: number) => {
    if (++values > PLAN_BOUNDS.values) throw tooMuch(file, here(i), "values", PLAN_BOUNDS.values, kind);
  };
  const newline = (i: number) => {
    line++;
    lineStart = i + 1;
    count(i);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") newline(i);
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1] as string))) {
      const end = text.indexOf("\n", i);
      i = (end === -1 ? text.length : end) - 1;
    } else if ((c === '"' || c === "'") && startsValue(text, i, depth > 0)) {
      // Inside quotes, brackets are text; lines still count, so nothing hides in a long quoted span.
      for (i++; i < text.length && text[i] !== c; i++) {
        if (c === '"' && text[i] === "\\") i++;
        else if (text[i] === "\n") newline(i);
      }
    } else if (c === "[" || c === "{") {
      count(i);
      if (++depth > PLAN_BOUNDS.depth) throw tooMuch(file, here(i), "levels of nesting", PLAN_BOUNDS.depth, kind);
    } else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
    else if (c === "," && depth > 0) count(i);
  }
}

/**
 * Whether a quote at `i` opens a quoted scalar: only where a value can start (the line's first
 * character after its indentation, or after `: `, `- `, `? `, `[`, `{` or `,`, or `:` in a flow
 * collection); a quote inside a
 * plain scalar (`name: x "`, `don't`) is text.
 */
function startsValue(text: string, i: number, inFlow: boolean): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === " " || text[j] === "\t")) j--;
  if (j < 0 || text[j] === "\n") return true;
  const before = text[j] as string;
  if (before === "[" || before === "{" || before === ",") return true;
  // `:`, `-` and `?` are indicators when a space follows them; in a flow collection `"a":"b"` is JSON's.
  return (before === ":" && inFlow) || ((before === ":" || before === "-" || before === "?") && j < i - 1);
}

/** After parsing: block nesting (indentation) and each string's length, walked without recursion. */
export function checkValue(file: string, value: unknown, at: (path: Array<string | number>) => Position): void {
  const pending: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (pending.length) {
    const { value: node, path } = pending.pop() as (typeof pending)[number];
    if (typeof node === "string" && node.length > PLAN_BOUNDS.stringLength) {
      const { line, column } = at(path);
      throw usage(
        `${file}:${line}:${column}: ${path.join(".")}: a string of ${node.length.toLocaleString("en-US")} characters; the bound of a plan's string is ${PLAN_BOUNDS.stringLength.toLocaleString("en-US")}`,
      );
    }
    if (!node || typeof node !== "object") continue;
    if (path.length >= PLAN_BOUNDS.depth) throw tooMuch(file, at(path), "levels of nesting", PLAN_BOUNDS.depth);
    for (const [key, child] of Object.entries(node)) pending.push({ value: child, path: [...path, Array.isArray(node) ? Number(key) : key] });
  }
}
