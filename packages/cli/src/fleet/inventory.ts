// An inventory: one row per migration of a fleet, each a set of variables for the plan template.
// CSV (a header row of variable names, then one row per migration; RFC 4180 quoting) or YAML/JSON (a
// list of mappings). A `name` is required and unique: it names the migration and its state file.
// Read with the plan's bounds; every mistake is reported with its row, all at once.
import { parse } from "yaml";
import { usage } from "../exit.js";
import { decodeUtf8, readBounded } from "../read-bounded.js";

export interface InventoryRow {
  /** 1-based: the data row (CSV: its line). */
  row: number;
  name: string;
  values: Record<string, string>;
}

/** At most this many migrations in one inventory. */
export const MAX_ROWS = 10_000;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** RFC 4180 rows: fields split on commas, "quoted" fields with "" for a quote and newlines inside. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

/** The rows of an inventory file; every problem at once, as a usage error naming file and row. */
export async function readInventory(file: string, signal: AbortSignal): Promise<InventoryRow[]> {
  let text: string;
  try {
    text = decodeUtf8(await readBounded(file, `the inventory ${file}`, signal), file);
  } catch (error) {
    if (signal.aborted) throw error;
    throw usage(`cannot read the inventory ${file}: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  let records: Array<{ row: number; values: Record<string, unknown> }>;
  if (/\.csv$/i.test(file)) {
    const [header, ...data] = parseCsv(text);
    if (!header?.length)
      throw usage(`${file}: the inventory is empty`, "Its first row names the variables (name,TARGET_ID,...), and each row after is one migration.");
    records = data.map((cells, i) => {
      if (cells.length !== header.length) problems.push(`${file}: row ${i + 1}: ${cells.length} fields, the header has ${header.length}`);
      return { row: i + 1, values: Object.fromEntries(header.map((h, j) => [h.trim(), cells[j] ?? ""])) };
    });
  } else {
    let value: unknown;
    try {
      value = parse(text, { maxAliasCount: 100 });
    } catch (error) {
      throw usage(
        `${file}: ${(error as Error).message.split("\n")[0]}`,
        "An inventory in YAML or JSON is a list of mappings: - { name: cache-1, TARGET_ID: ... }",
      );
    }
    if (!Array.isArray(value)) throw usage(`${file}: an inventory is a list of mappings (one per migration)`, "- { name: cache-1, TARGET_ID: ... }");
    records = value.map((item, i) => {
      if (!item || typeof item !== "object" || Array.isArray(item)) problems.push(`${file}: row ${i + 1}: not a mapping`);
      return { row: i + 1, values: item && typeof item === "object" ? (item as Record<string, unknown>) : {} };
    });
  }
  if (records.length > MAX_ROWS) throw usage(`${file}: ${records.length} rows, more than the ${MAX_ROWS} an inventory may hold`, "Split it in several runs.");
  const seen = new Map<string, number>();
  const rows: InventoryRow[] = [];
  for (const { row, values } of records) {
    const strings: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      if (value !== null && typeof value === "object") problems.push(`${file}: row ${row}: ${key} is not a single value`);
      else strings[key] = value === null || value === undefined ? "" : String(value);
    }
    const name = strings.name ?? "";
    if (!name) problems.push(`${file}: row ${row}: no name (the column that names the migration and its state file)`);
    else if (!NAME.test(name)) problems.push(`${file}: row ${row}: the name ${JSON.stringify(name)} is not a name: letters, digits, . _ - (it names a file)`);
    else if (seen.has(name)) problems.push(`${file}: row ${row}: the name ${name} is the name of row ${seen.get(name)} too: each migration's name is its own`);
    else seen.set(name, row);
    rows.push({ row, name, values: strings });
  }
  if (problems.length) {
    throw usage(`${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the inventory; nothing was called\n${problems.join("\n")}`);
  }
  if (!rows.length) throw usage(`${file}: the inventory has no row`, "Each row after the header is one migration.");
  return rows;
}
