// A plan file as the YAML parser sees it: its values, and where in the file each one stands, so
// that every mistake is reported at its line and column. JSON is YAML too, so both read the same.
import { readFileSync } from "node:fs";
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";

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

export function readPlanSource(file: string): PlanSource {
  const text = readFileSync(file, "utf8");
  return parsePlanSource(file, text);
}

export function parsePlanSource(file: string, text: string): PlanSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  /** The deepest node on the way to `path`, and how much of the path it covers. */
  const walk = (path: ReadonlyArray<string | number>) => {
    let node: Node | null | undefined = doc.contents as Node | null;
    let keyNode: Node | undefined;
    let depth = 0;
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
        if (!pair) break;
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

  return {
    file,
    text,
    value: doc.toJS(),
    syntaxErrors: doc.errors.map((e) => ({ message: e.message.split("\n")[0] as string, position: position(e.pos[0]) })),
    at(path, key = false) {
      const { node, keyNode, complete } = walk(path);
      const target = key && complete && keyNode ? keyNode : (node ?? keyNode);
      return target?.range ? position(target.range[0]) : { line: 1, column: 1 };
    },
    strings() {
      const found: Array<{ path: Array<string | number>; value: string }> = [];
      const visit = (value: unknown, path: Array<string | number>) => {
        if (typeof value === "string") found.push({ path, value });
        else if (Array.isArray(value)) {
          for (const [i, v] of value.entries()) visit(v, [...path, i]);
        } else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
      };
      visit(doc.toJS(), []);
      return found;
    },
  };
}
