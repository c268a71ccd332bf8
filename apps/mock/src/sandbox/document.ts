// What the sandbox takes from the bundled document at start: the routes of its operations, the
// statuses each operation allows (`x-dcs-allowed-statuses`), the catalogue's messages, and the
// response schemas its answers are projected on. Nothing here is written per operation.
import { type JsonObject, openDocument } from "@dcs-migration/openapi/walker";

export const document = openDocument();

export interface CatalogueEntry {
  code: string;
  name: string;
  status: number;
  message: string;
}
const catalogue: CatalogueEntry[] = (document.deref({ $ref: "#/components/schemas/ErrorResponse" })["x-dcs-errors"] as unknown as { codes: CatalogueEntry[] })
  .codes;
const byCode = new Map(catalogue.map((e) => [e.code, e]));
const byName = new Map(catalogue.map((e) => [e.name, e]));

/** The catalogue's entry for a code (`DcsErrors.X.code`). */
export function catalogueEntry(code: string): CatalogueEntry {
  const entry = byCode.get(code);
  if (!entry) throw new Error(`sandbox: ${code} is not in the document's catalogue (x-dcs-errors)`);
  return entry;
}

/** `x-dcs-allowed-statuses` of an operation: which task statuses (and IP switch statuses) allow it. */
export interface AllowedStatuses {
  status: readonly string[];
  /** `null` stands for no switch yet (an absent `task_status`). */
  task_status?: ReadonlyArray<string | null>;
  /** The catalogue entry of the refusal, and of refusals particular to some statuses. */
  refused: CatalogueEntry;
  refusedWhile: ReadonlyMap<string, CatalogueEntry>;
}

export interface DocumentOperation {
  operationId: string;
  method: string;
  path: string;
  pattern: RegExp;
  pathNames: string[];
  allowed: AllowedStatuses | undefined;
  /** The JSON schema of each documented status's body, for the views. */
  responses: Map<string, JsonObject | undefined>;
}

const named = (name: unknown): CatalogueEntry => {
  const entry = byName.get(String(name));
  if (!entry) throw new Error(`sandbox: the document names the error ${String(name)}, which its catalogue does not have`);
  return entry;
};

export const operations: DocumentOperation[] = document.operations().map((op) => {
  const raw = op.operation["x-dcs-allowed-statuses"] as JsonObject | undefined;
  const allowed: AllowedStatuses | undefined = raw && {
    status: raw.status as string[],
    ...(raw.task_status ? { task_status: raw.task_status as Array<string | null> } : {}),
    refused: named(raw.refused),
    refusedWhile: new Map(Object.entries((raw.refusedWhile as JsonObject | undefined) ?? {}).map(([status, name]) => [status, named(name)])),
  };
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "([^/]+)")}$`),
    pathNames: [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string),
    allowed,
    responses: new Map(
      Object.entries(op.responses).map(([status, response]) => [status, document.jsonContent(document.deref(response))?.schema as JsonObject | undefined]),
    ),
  };
});

export const operationById = new Map(operations.map((op) => [op.operationId, op]));

/** The operation a method and path name, with its path parameters; or why none does. */
export function route(method: string, pathname: string): { op: DocumentOperation; path: Record<string, string> } | "no-path" | "no-method" {
  let pathMatched = false;
  for (const op of operations) {
    const match = op.pattern.exec(pathname);
    if (!match) continue;
    pathMatched = true;
    if (op.method !== method) continue;
    return { op, path: Object.fromEntries(op.pathNames.map((name, i) => [name, decodeURIComponent(match[i + 1] as string)])) };
  }
  return pathMatched ? "no-method" : "no-path";
}
