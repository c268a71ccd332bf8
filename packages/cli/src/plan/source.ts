// A plan file as the YAML parser sees it: its values, and where in the file each one stands, so
// that every mistake is reported at its line and column. JSON is YAML too, so both read the same.
// What is read is bounded (bounds.ts) before the parser sees it, and everything after is linear in
// the size of the plan: a hostile or mistaken file ends in a plan error at once, never a hang.
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, type YAMLMap } from "yaml";
import { decodeUtf8, readBounded } from "../read-bounded.js";
import { checkText, checkValue } from "./bounds.js";

export interface Position {
  line: number;
  column: number;
}

export interface PlanSource {
  file: string;
  text: string;
  value: unknown;
  /** Where the value at `path` stands; `key: true`: its key (for an unknown field). */
  at(path: ReadonlyArray<string | number>, key?: boolean): Position;
  /** Every string of the plan with its path, to substitute ${NAME} and find literal passwords. */
  strings(): Array<{ path: Array<string | number>; value: string }>;
  /** Syntax errors of the file, with their positions. */
  syntaxErrors: Array<{ message: string; position: Position }>;
}

/** Reads a plan: at most a bound of bytes, UTF-8 or a plan error at the first byte that is not, given up on Ctrl-C. */
export async function readPlanSource(file: string, signal: AbortSignal): Promise<PlanSource> {
  const text = decodeUtf8(await readBounded(file, `the plan ${file}`, signal), file);
  return parsePlanSource(file, text);
}

export function parsePlanSource(file: string, text: string): PlanSource {
  checkText(file, text);
  const lineCounter = new LineCounter();
  // uniqueKeys costs the square of a mapping's size in this parser: duplicates are found below, in one pass.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxErrors = doc.errors.map((e) => ({ message: e.message.split("\n")[0] as string, position: position(e.pos[0]) }));
  // Each mapping's keys, indexed once: a path is found in time proportional to its length.
  const keys = new Map<YAMLMap, Map<string, Pair>>();
  const pending: unknown[] = [doc.contents];
  while (pending.length) {
    const node = pending.pop();
    if (isMap(node)) {
      const index = new Map<string, Pair>();
      for (const pair of node.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (name !== undefined && index.has(name)) {
          const at = (pair.key as Node).range?.[0] ?? 0;
          syntaxErrors.push({ message: `Map keys must be unique: ${JSON.stringify(name)} is given twice`, position: position(at) });
        } else if (name !== undefined) index.set(name, pair as Pair);
        pending.push(pair.value);
      }
      keys.set(node, index);
    } else if (isSeq(node)) for (const item of node.items) pending.push(item);
  }
  const value = syntaxErrors.length ? undefined : doc.toJS({ maxAliasCount: 100 });

  /** The deepest node on the way to `path`, and how much of the path it covers. */
  const walk = (path: ReadonlyArray<string | number>) => {
    let node: Node | null | undefined = doc.contents as Node | null;
    let keyNode: Node | undefined;
    let depth = 0;
    for (const step of path) {
      if (isMap(node)) {
        const pair = keys.get(node)?.get(String(step));
        if (!pair || !isPair(pair)) break;
        keyNode = pair.key as Node;
        node = pair.value as Node | null;
      } else if (isSeq(node)) {
        const item = node.items[Number(step)] as Node | undefined;
        if (!item) break;
        keyNode = undefined;
        node = item;
      } else break;
      depth++;
    }
    return { node, keyNode, complete: depth === path.length };
  };

  function at(path: ReadonlyArray<string | number>, key = false): Position {
    const { node, keyNode, complete } = walk(path);
    const target = key && complete && keyNode ? keyNode : (node ?? keyNode);
    return target?.range ? position(target.range[0]) : { line: 1, column: 1 };
  }

  if (!syntaxErrors.length) checkValue(file, value, at);
  return {
    file,
    text,
    value,
    syntaxErrors,
    at,
    strings() {
      const found: Array<{ path: Array<string | number>; value: string }> = [];
      const visit = (value: unknown, path: Array<string | number>) => {
        if (typeof value === "string") found.push({ path, value });
        else if (Array.isArray(value)) {
          for (const [i, v] of value.entries()) visit(v, [...path, i]);
        } else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
      };
      visit(value, []);
      return found;
    },
  };
}
