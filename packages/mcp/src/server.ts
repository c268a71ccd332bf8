// The MCP server: the tools a mode allows, listed with their input schemas and annotations; a call
// checked against its tool's input schema (a mistake is a result the model can fix, not a crash).

import { type JsonSchema, nearest } from "@dcs-migration/client/operations";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, type CallToolResult, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { refusal } from "./results.js";
import { allowedTools, operationTools, type Tool, type ToolContext, workflowTools } from "./tools.js";

export interface ServerOptions extends ToolContext {
  version: string;
  allow: { writes: boolean; destructive: boolean };
}

export function createDcsMcpServer(options: ServerOptions): { server: Server; tools: Tool[] } {
  const tools = allowedTools([...workflowTools(options), ...operationTools(options)], options.allow);
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat("password", true);
  const validators = new Map<string, ValidateFunction>(tools.map((t) => [t.name, ajv.compile(t.inputSchema)]));

  const server = new Server({ name: "dcs-migration-mcp", version: options.version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: tools.map(({ name, title, description, inputSchema, outputSchema, annotations }) => ({
      name,
      title,
      description,
      inputSchema,
      outputSchema,
      annotations,
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = tools.find((t) => t.name === request.params.name);
    if (!tool) {
      return refusal(`no tool ${request.params.name} in this server's mode; it lists ${tools.map((t) => t.name).join(", ")}`, { error: "unknown tool" });
    }
    const args = request.params.arguments ?? {};
    const validate = validators.get(tool.name) as ValidateFunction;
    if (!validate(args)) {
      const problems = describe(validate.errors ?? [], tool.inputSchema, args);
      return refusal(`the arguments of ${tool.name} do not fit its input schema: ${problems.join("; ")}. Nothing was sent.`, { problems });
    }
    return tool.call(args, extra);
  });
  return { server, tools };
}

/**
 * Ajv's errors as a model can fix them: each field named once, an enum's allowed values with the
 * nearest to what was given, and the branches of an anyOf (a status or a list of statuses) folded
 * into one line rather than a dump of each branch's failure.
 */
function describe(errors: ErrorObject[], schema: JsonSchema, args: unknown): string[] {
  const field = (path: string) => path.replace(/^\//, "").replace(/\//g, ".") || "(the arguments)";
  const valueAt = (path: string) =>
    path
      .split("/")
      .slice(1)
      .reduce<unknown>((at, step) => (at && typeof at === "object" ? (at as Record<string, unknown>)[step] : undefined), args);
  const unions = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const problems = new Set<string>();
  for (const e of errors) {
    const union = unions.find((u) => u !== e && e.schemaPath.startsWith(`${u.schemaPath}/`));
    const at = union ?? e;
    if (at.keyword === "anyOf" || at.keyword === "oneOf") {
      // Every enum of the union's branches, and the values given (one, or each of a list).
      const allowed = [
        ...new Set(
          errors.filter((x) => x.schemaPath.startsWith(`${at.schemaPath}/`) && x.keyword === "enum").flatMap((x) => x.params.allowedValues as unknown[]),
        ),
      ];
      const given = [valueAt(at.instancePath)].flat();
      if (allowed.length) {
        const wrong = given.filter((v) => !allowed.includes(v));
        if (!wrong.length) problems.add(`${field(at.instancePath)}: ${JSON.stringify(valueAt(at.instancePath))} ${at.message}`);
        // Each wrong value on its own, with the value it was probably meant to be.
        for (const value of wrong) {
          const near = typeof value === "string" ? nearest(value, allowed.map(String)) : undefined;
          problems.add(`${field(at.instancePath)}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}${near ? ` (did you mean ${near}?)` : ""}`);
        }
      } else problems.add(`${field(at.instancePath)}: ${at.message}`);
      continue;
    }
    if (e.keyword === "additionalProperties") {
      const name = String(e.params.additionalProperty);
      const near = nearest(name, Object.keys(propertiesAt(schema, e.schemaPath)));
      problems.add(`${field(e.instancePath)}: unknown field ${name}${near ? ` (did you mean ${near}?)` : ""}`);
    } else if (e.keyword === "enum") {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const given = valueAt(e.instancePath);
      const near = typeof given === "string" ? nearest(given, allowed) : undefined;
      problems.add(`${field(e.instancePath)}: ${JSON.stringify(given)} is not one of ${allowed.join(", ")}${near ? ` (did you mean ${near}?)` : ""}`);
    } else if (e.keyword === "required") problems.add(`${field(e.instancePath)}: missing required field ${String(e.params.missingProperty)}`);
    else problems.add(`${field(e.instancePath)}: ${e.message}`);
  }
  return [...problems];
}

/** The properties of the schema an `additionalProperties` error points at (its schemaPath, less the keyword). */
function propertiesAt(schema: unknown, schemaPath: string): Record<string, unknown> {
  let node: unknown = schema;
  for (const step of schemaPath
    .replace(/^#\/?/, "")
    .replace(/(^|\/)additionalProperties$/, "")
    .split("/")
    .filter(Boolean)) {
    node = node && typeof node === "object" ? (node as Record<string, unknown>)[step] : undefined;
  }
  return ((node as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}) as Record<string, unknown>;
}
