#!/usr/bin/env node
// dcs-migration-mcp: the MCP server over stdio. Read-only unless started with --allow-writes or
// --allow-destructive. Its configuration is dcs-migrate's: --endpoint or --region, --project-id,
// and the credentials of CLOUD_SDK_AK / CLOUD_SDK_SK. Only the protocol goes to stdout.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createDcsClient } from "@dcs-migration/client";
import { ConfigError, connectionOptions, parseDuration } from "@dcs-migration/client/operations";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createDcsMcpServer } from "./server.js";
import { guardStdin } from "./stdio-guard.js";

const USAGE = `usage: dcs-migration-mcp [--endpoint URL | --region REGION] [--project-id ID] [--allow-writes] [--allow-destructive] [--poll-interval MS]

An MCP server (stdio) for the Huawei Cloud DCS migration API: a tool per operation, and waits.
  --endpoint URL        the API's base URL (a proxy, the sandbox; or CLOUD_SDK_ENDPOINT)
  --region REGION       the region's endpoint, e.g. cn-north-4 (or CLOUD_SDK_REGION)
  --project-id ID       your project's ID (or CLOUD_SDK_PROJECT_ID)
  --allow-writes        list the tools that create or change tasks too
  --allow-destructive   list the tools that stop, delete or switch too (and those that write)
  --poll-interval D     between two reads of a wait: 50ms, 10s, 1m (default: 5 to 10 s, fit for the real service)
Without --allow-*, only reading tools are listed. Credentials: CLOUD_SDK_AK, CLOUD_SDK_SK (CLOUD_SDK_SECURITY_TOKEN).`;

const version: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
const fail = (message: string, code: number): never => {
  process.stderr.write(`dcs-migration-mcp: ${message}\n`);
  process.exit(code);
};

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        endpoint: { type: "string" },
        region: { type: "string" },
        "project-id": { type: "string" },
        "allow-writes": { type: "boolean" },
        "allow-destructive": { type: "boolean" },
        "poll-interval": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
})();
if (values.help) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(0);
}
if (values.version) {
  process.stderr.write(`${version}\n`);
  process.exit(0);
}
const interval = values["poll-interval"] === undefined ? undefined : parseDuration(values["poll-interval"]);
if (Number.isNaN(interval)) fail(`--poll-interval takes a duration such as 50ms, 10s or 1m; got ${JSON.stringify(values["poll-interval"])}`, 2);

const client = (() => {
  try {
    return createDcsClient(
      connectionOptions({ endpoint: values.endpoint, region: values.region, projectId: values["project-id"] }, process.env, `dcs-migration-mcp/${version}`),
    );
  } catch (error) {
    return fail(error instanceof ConfigError ? error.message : (error as Error).message.replace(/^createDcsClient: /, ""), 3);
  }
})();

const { server, tools } = createDcsMcpServer({
  client,
  version,
  intervalMs: interval,
  allow: { writes: Boolean(values["allow-writes"]), destructive: Boolean(values["allow-destructive"]) },
});
server.onerror = (error) => process.stderr.write(`dcs-migration-mcp: ${error.message}\n`);
await server.connect(
  new StdioServerTransport(
    guardStdin(process.stdin, process.stdout, (message) => process.stderr.write(`${message}\n`)),
    process.stdout,
  ),
);
process.stderr.write(
  `dcs-migration-mcp ${version}: ${tools.length} tools (${values["allow-destructive"] ? "read, write and destructive" : values["allow-writes"] ? "read and write" : "read only"}) on stdio\n`,
);
