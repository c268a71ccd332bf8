// `dcs-migrate api OPERATION`: every operation of the document, with nothing written per operation.
// Its flags are its path and query parameters in kebab case, its body --body (JSON, @file.yaml, or -
// for standard input), all checked against the document before anything is sent.
import { invokeOperation, maskSecrets, OPERATIONS, type OperationSpec } from "@dcs-migration/client/operations";
import { parse as parseYaml } from "yaml";
import { nearest, parseCommandLine } from "../args.js";
import type { Context } from "../context.js";
import { CliError, EXIT, usage } from "../exit.js";
import { checkText } from "../plan/bounds.js";
import { decodeUtf8, MAX_INPUT_BYTES, readBounded } from "../read-bounded.js";

const flagOf = (name: string) => name.replace(/_/g, "-");

export function findOperation(name: string): OperationSpec {
  const found = OPERATIONS.find((o) => o.name === name || o.operationId === name);
  if (found) return found;
  const near = nearest(
    name,
    OPERATIONS.map((o) => o.name),
  );
  throw usage(`api: no operation ${name}${near ? ` (did you mean ${near}?)` : ""}`, "dcs-migrate api --list lists them");
}

/** `api --list`: every operation with its method, path and summary. */
export function listText(): string {
  const width = Math.max(...OPERATIONS.map((o) => o.name.length));
  return OPERATIONS.map((o) => `${o.name.padEnd(width)}  ${o.method.padEnd(6)} ${o.path.padEnd(54)} ${o.summary}`).join("\n");
}

const typeOf = (schema: Record<string, unknown>): string => {
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).join("|");
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Array<Record<string, unknown>>).map(typeOf).join(" or ");
  if (Array.isArray(schema.type)) return (schema.type as string[]).filter((t) => t !== "null").join(" or ");
  if (schema.type === "array") return `list of ${typeOf((schema.items as Record<string, unknown>) ?? {})}`;
  return String(schema.type ?? "value");
};
const firstSentence = (text: string) => text.replace(/\s+/g, " ").split(/(?<=\.)\s/)[0] ?? "";

/** `api OPERATION --help`: its parameters and body fields, from the document. */
export function operationHelp(op: OperationSpec): string {
  const lines = [
    `Usage: dcs-migrate api ${op.name}${op.parameters.map((p) => (p.required ? ` --${flagOf(p.name)} VALUE` : ` [--${flagOf(p.name)} VALUE]`)).join("")}${op.requestBody ? (op.requestBody.required ? " --body JSON" : " [--body JSON]") : ""}`,
  ];
  lines.push(
    "",
    `${op.method} ${op.path}: ${op.summary} (${op.operationId})`,
    "",
    op.description,
    "",
    op.says.effect,
    ...(op.says.allowedWhen ? [op.says.allowedWhen] : []),
  );
  if (op.parameters.length) {
    lines.push("", "Parameters:");
    for (const p of op.parameters)
      lines.push(`  --${flagOf(p.name).padEnd(16)} ${typeOf(p.schema)}${p.required ? ", required" : ""}. ${firstSentence(p.description)}`);
  }
  if (op.requestBody) {
    const schema = op.requestBody.schema;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    lines.push("", `Body (--body '<json>', @file.yaml or -)${op.requestBody.required ? "" : ", optional"}:`);
    for (const [name, field] of Object.entries((schema.properties as Record<string, Record<string, unknown>>) ?? {})) {
      lines.push(`  ${name.padEnd(20)} ${typeOf(field)}${required.has(name) ? ", required" : ""}. ${firstSentence(String(field.description ?? ""))}`);
    }
    if (op.requestBody.example !== null) lines.push("", `Example body: ${JSON.stringify(op.requestBody.example)}`);
  }
  if (op.effect === "destructive") lines.push("", "It changes production: it asks first on a terminal, and needs --yes otherwise.");
  return lines.join("\n");
}

/** `--body '<json>'`, `--body @file.yaml` or `--body -`: the body, parsed; what is read is bounded. */
async function readBody(ctx: Context, text: string): Promise<unknown> {
  let raw: string;
  let where: string;
  try {
    if (text === "-") {
      where = "standard input";
      raw = decodeUtf8(await readBounded(ctx.stdin, "--body from standard input", ctx.signal), where);
    } else if (text.startsWith("@")) {
      where = text.slice(1);
      raw = decodeUtf8(await readBounded(where, `--body ${text}`, ctx.signal), where);
    } else {
      raw = text;
      where = "--body";
      if (Buffer.byteLength(raw) > MAX_INPUT_BYTES)
        throw usage(`--body is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB, the bound of what dcs-migrate reads`);
    }
  } catch (error) {
    if (error instanceof CliError || ctx.signal.aborted) throw error;
    throw usage(`--body ${text}: cannot read it (${(error as Error).message})`);
  }
  checkText(where, raw, "body");
  try {
    // The parser's own bound: an alias may not expand past 100 nodes (a "billion laughs").
    return parseYaml(raw, { maxAliasCount: 100 });
  } catch (error) {
    throw usage(`--body from ${where} is not JSON or YAML: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** A flag's text as the parameter's type: numbers for integers, the enum checked. */
function parameterValue(op: OperationSpec, name: string, text: string, schema: Record<string, unknown>): unknown {
  const types = [schema.type].flat();
  if (types.includes("integer") || types.includes("number")) {
    const n = Number(text);
    if (text.trim() === "" || Number.isNaN(n) || (types.includes("integer") && !Number.isInteger(n))) {
      throw usage(`api ${op.name}: --${flagOf(name)} takes ${types.includes("integer") ? "a whole number" : "a number"}; got ${JSON.stringify(text)}`);
    }
    return n;
  }
  if (typeof schema.pattern === "string" && !new RegExp(schema.pattern).test(text)) {
    throw usage(`api ${op.name}: --${flagOf(name)} ${JSON.stringify(text)} does not match ${schema.pattern}`);
  }
  return text;
}

export async function api(ctx: Context, args: string[]): Promise<number> {
  if (ctx.values.list) {
    ctx.reporter.data(
      "operations",
      { operations: OPERATIONS.map(({ name, operationId, method, path, summary, effect }) => ({ name, operationId, method, path, summary, effect })) },
      listText,
    );
    ctx.reporter.done({ count: OPERATIONS.length });
    return EXIT.OK;
  }
  const [name] = ctx.positionals;
  if (!name) throw usage("api takes an operation: dcs-migrate api OPERATION [flags], or dcs-migrate api --list");
  const op = findOperation(name);
  // The operation's own flags: its parameters, and --body.
  const options = Object.fromEntries(op.parameters.map((p) => [flagOf(p.name), { type: "string" as const }]));
  const parsed = parseCommandLine(args, `api ${op.name}`, { ...options, body: { type: "string" }, list: { type: "boolean" } });
  if (parsed.values.help) {
    ctx.reporter.data("help", { operation: op }, () => operationHelp(op));
    return EXIT.OK;
  }
  if (parsed.positionals.length > 0) throw usage(`api ${op.name} takes no argument after the operation; got ${parsed.positionals.join(" ")}`);
  const input: { path: Record<string, string>; query: Record<string, unknown>; body?: unknown; signal: AbortSignal } = {
    path: {},
    query: {},
    signal: ctx.signal,
  };
  const problems: string[] = [];
  for (const p of op.parameters) {
    const text = parsed.values[flagOf(p.name)] as string | undefined;
    if (text === undefined) {
      if (p.required) problems.push(`--${flagOf(p.name)} is required: ${firstSentence(p.description)}`);
      continue;
    }
    const value = parameterValue(op, p.name, text, p.schema);
    const allowed = (p.schema.enum as unknown[] | undefined) ?? undefined;
    if (allowed && !allowed.includes(value)) problems.push(`--${flagOf(p.name)} takes ${allowed.join(", ")}; got ${text}`);
    if (p.in === "path") input.path[p.name] = String(value);
    else input.query[p.name] = value;
  }
  const bodyText = parsed.values.body as string | undefined;
  if (bodyText !== undefined) {
    if (!op.requestBody) throw usage(`api ${op.name} takes no body`);
    input.body = await readBody(ctx, bodyText);
    const { checkBody } = await import("../validate-body.js");
    problems.push(...checkBody(op, input.body));
  } else if (op.requestBody?.required) {
    problems.push(`--body is required: ${op.summary}; dcs-migrate api ${op.name} --help shows its fields`);
  }
  if (problems.length) {
    for (const problem of problems) ctx.reporter.step(problem, { kind: "usage" });
    throw usage(`api ${op.name}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was sent`, `dcs-migrate api ${op.name} --help`);
  }
  if (op.effect === "destructive") await ctx.confirm(`${op.operationId} (${op.summary.toLowerCase()})`);
  const result = await invokeOperation(ctx.client(), op, input);
  if (!result.response.ok) {
    const { DcsApiError } = await import("@dcs-migration/client");
    throw DcsApiError.from(result);
  }
  // A password the service echoes (its documented examples do) is never printed.
  const body = maskSecrets(result.data);
  ctx.reporter.data("response", { status: result.response.status, body: body ?? null }, () => (body === undefined ? "" : JSON.stringify(body, null, 2)));
  ctx.reporter.done({ operation: op.operationId, status: result.response.status });
  return EXIT.OK;
}

export { CliError };
