// The MCP server: the tools a mode allows, listed with their input schemas and annotations; a call
// checked against its tool's input schema (a mistake is a result the model can fix, not a crash).

import { nearest } from "@dcs-migration/client/operations";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, type CallToolResult, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
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
    tools: tools.map(({ name, title, description, inputSchema, annotations }) => ({ name, title, description, inputSchema, annotations })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = tools.find((t) => t.name === request.params.name);
    if (!tool) {
      return refusal(`no tool ${request.params.name} in this server's mode; it lists ${tools.map((t) => t.name).join(", ")}`, { error: "unknown tool" });
    }
    const args = request.params.arguments ?? {};
    const validate = validators.get(tool.name) as ValidateFunction;
    if (!validate(args)) {
      const problems = (validate.errors ?? []).map((e) => {
        if (e.keyword !== "additionalProperties") return `${e.instancePath || "(the arguments)"} ${e.message}`;
        const name = String(e.params.additionalProperty);
        const near = nearest(name, Object.keys(propertiesAt(tool.inputSchema, e.schemaPath)));
        return `${e.instancePath || "(the arguments)"}: unknown field ${name}${near ? ` (did you mean ${near}?)` : ""}`;
      });
      return refusal(`the arguments of ${tool.name} do not fit its input schema: ${problems.join("; ")}. Nothing was sent.`, { problems });
    }
    return tool.call(args, extra);
  });
  return { server, tools };
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
