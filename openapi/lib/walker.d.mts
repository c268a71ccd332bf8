export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Operation {
  operationId: string;
  /** Upper case: `GET`, `POST`... */
  method: string;
  /** The path template, `/v2/{project_id}/...`. */
  path: string;
  operation: JsonObject;
  /** The path item's parameters and the operation's own, resolved. */
  parameters: JsonObject[];
  /** The responses object, resolved, by status. */
  responses: JsonObject;
  statuses: string[];
  requestBody: JsonObject | undefined;
}

export interface OpenDocument {
  doc: JsonObject;
  /** Follows a local `$ref` (and chains of them) to the object it names. */
  deref(value: Json | undefined): JsonObject;
  operations(): Operation[];
  /** The `application/json` media type of a request body or response. */
  jsonContent(holder: JsonObject | undefined): JsonObject | undefined;
  /** Named examples of a media type or parameter, resolved: [name, value]. */
  namedExamples(holder: JsonObject | undefined): Array<[string, Json]>;
  /** Every schema reachable from `root`, with its parent and the JSON path that reached it. */
  walkSchemas(root: Json | undefined, visit: (schema: JsonObject, parent: JsonObject | undefined, at: string) => void): void;
  /** Validates under JSON Schema 2020-12; `strict` also reports undeclared fields. Returns the errors. */
  validate(schema: JsonObject, value: Json, options?: { strict?: boolean }): string[];
  compositions: readonly ["allOf", "anyOf", "oneOf"];
}

export declare const BUNDLED_JSON: string;
export declare const HTTP_METHODS: readonly string[];
export declare function isObject(value: Json | undefined): value is JsonObject;
/** Opens a document: the bundled one by default, or a path, or an already parsed object. */
export declare function openDocument(source?: string | JsonObject): OpenDocument;

export interface ChecklistRow {
  what: string;
  /** The file, with {operationId} or {pathFile} to fill in. */
  file: string;
  /** What the file must mention, if anything beyond existing. */
  mention: string | undefined;
  exists: boolean;
}
/** The add-an-operation checklist of openapi/README.md, as rows. */
export declare function checklistRows(): ChecklistRow[];
/** A checklist row's file or mention for one operation. */
export declare function fillChecklist(text: string, operation: { operationId: string; path: string }): string;
/** What a place of the checklist lacks for one operation (under the repository `root`), or undefined. */
export declare function checklistProblem(root: string, row: ChecklistRow, operation: { operationId: string; path: string }): string | undefined;
