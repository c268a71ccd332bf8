// Redocly plugin: at bundle time, gives each operation its `x-codeSamples`, so a path file carries
// no sample block (lint forbids a hand-written `x-codeSamples`):
// - TypeScript: hand-written, type-checked against the client, from
//   `openapi/code_samples/<operationId>/typescript.ts` (a missing one fails the bundle, naming it);
// - curl and HTTP: generated here from the operation's request example (its parameters' examples
//   and its body's first named example), so they cannot drift from it.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SAMPLES = fileURLToPath(new URL("../code_samples/", import.meta.url));
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** The example value of a parameter or media type: `example`, else its first named example, else its schema's. */
function exampleOf(node, resolve) {
  if (node.example !== undefined) return node.example;
  const [first] = Object.values(node.examples ?? {});
  if (first) return resolve(first).value;
  const schema = node.schema && resolve(node.schema);
  return schema?.example;
}

/** The request the examples describe: method, path with its parameters, query, body. */
function exampleRequest(method, path, pathItem, operation, resolve) {
  const params = new Map();
  for (const p of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(resolve)) params.set(`${p.in} ${p.name}`, p);
  const values = {};
  const query = [];
  for (const p of params.values()) {
    const value = exampleOf(p, resolve);
    if (p.in === "path") {
      if (value === undefined) throw new Error(`code-samples: ${operation.operationId}: path parameter ${p.name} has no example to put in its samples`);
      values[p.name] = String(value);
    } else if (p.in === "query" && value !== undefined) query.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(String(value))}`);
  }
  const media = operation.requestBody && resolve(operation.requestBody).content?.["application/json"];
  const body = media ? exampleOf(media, resolve) : undefined;
  if (media && body === undefined) throw new Error(`code-samples: ${operation.operationId} has a request body but no example of it`);
  // curl takes the project from the environment; the HTTP sample shows the example's.
  const fill = (project) => path.replace(/\{([^}]+)\}/g, (_, name) => (name === "project_id" && project ? project : encodeURIComponent(values[name])));
  return { method: method.toUpperCase(), fill, query: query.length ? `?${query.join("&")}` : "", body };
}

/** Shell variables the curl sample reads: written once, as the shell will see them. */
const SHELL = { project: "$" + "{DCS_PROJECT_ID}", token: "$" + "{IAM_TOKEN}" };

function curlSample(host, request) {
  const lines = [`curl -X ${request.method} "https://${host}${request.fill(SHELL.project)}${request.query}"`, `  -H "X-Auth-Token: ${SHELL.token}"`];
  if (request.body !== undefined) {
    lines.push('  -H "Content-Type: application/json"', `  -d '${JSON.stringify(request.body, null, 2).replace(/'/g, "'\\''")}'`);
  }
  return `# An IAM token in IAM_TOKEN (AK/SK requests need signing: use the client).\n${lines.join(" \\\n")}\n`;
}

function httpSample(host, request) {
  const head = [`${request.method} ${request.fill()}${request.query} HTTP/1.1`, `Host: ${host}`, "X-Auth-Token: <IAM token>"];
  if (request.body === undefined) return `${head.join("\n")}\n`;
  return `${[...head, "Content-Type: application/json", "", JSON.stringify(request.body, null, 2)].join("\n")}\n`;
}

/** The host of the document's first server, its variables at their defaults. */
function defaultHost(root) {
  const server = root.servers?.[0];
  if (!server) throw new Error("code-samples: the document has no server to put in its samples");
  const url = server.url.replace(/\{([^}]+)\}/g, (_, name) => server.variables?.[name]?.default ?? `{${name}}`);
  return new URL(url).host;
}

function codeSamples() {
  return {
    Root: {
      leave(root, ctx) {
        const resolve = (node) => (node && typeof node === "object" && "$ref" in node ? ctx.resolve(node).node : node);
        const host = defaultHost(root);
        for (const [path, rawItem] of Object.entries(root.paths ?? {})) {
          const pathItem = resolve(rawItem);
          for (const method of METHODS.filter((m) => pathItem[m])) {
            const operation = pathItem[method];
            const id = operation.operationId;
            if (!id) throw new Error(`code-samples: ${method.toUpperCase()} ${path} has no operationId, so its samples cannot be found`);
            const file = `${SAMPLES}${id}/typescript.ts`;
            if (!existsSync(file)) throw new Error(`code-samples: ${id} has no TypeScript sample: add openapi/code_samples/${id}/typescript.ts`);
            const request = exampleRequest(method, path, pathItem, operation, resolve);
            operation["x-codeSamples"] = [
              { lang: "TypeScript", label: "TypeScript", source: readFileSync(file, "utf8") },
              { lang: "curl", label: "curl", source: curlSample(host, request) },
              { lang: "HTTP", label: "HTTP", source: httpSample(host, request) },
            ];
          }
        }
      },
    },
  };
}

export default function dcsPlugin() {
  return { id: "dcs", decorators: { oas3: { "code-samples": codeSamples } } };
}
