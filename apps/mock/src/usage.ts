// What to tell a person who just started the mock or the sandbox, with a request taken from the
// bundled document: its first GET, the path filled with the parameters' examples, and that
// operation's own statuses and example names (so the hint cannot name a path or example that is gone).
import { type JsonObject, openDocument } from "@dcs-migration/openapi/walker";

const { deref, operations, jsonContent, namedExamples } = openDocument();

/** A parameter's example: its own `example`, else its first named example. */
const exampleOf = (param: JsonObject) => param.example ?? namedExamples(param)[0]?.[1];

function sampleRequest() {
  const get = operations().find((op) => op.method === "GET");
  if (!get) return undefined;
  const url = get.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = exampleOf(get.parameters.find((p) => p.name === name) ?? {});
    if (value === undefined) throw new Error(`mock hint: the path parameter ${name} of ${get.operationId} has no example in the document`);
    return String(value);
  });
  const examples = namedExamples(jsonContent(deref(get.responses["200"])));
  return { url, error: get.statuses.find((s) => s.startsWith("4")), example: examples.at(-1)?.[0] };
}

export function mockUsage(url: string): string {
  const sample = sampleRequest();
  return [
    `Prism mock of the DCS migration API: ${url}`,
    ...(sample
      ? [
          `  try: curl -H "X-Auth-Token: any" ${url}${sample.url}`,
          `  pick a status:  -H "Prefer: code=${sample.error}"`,
          `  pick an example: -H "Prefer: example=${sample.example}"`,
        ]
      : []),
    "  requests are validated; problems are listed in the sl-violations response header",
  ].join("\n");
}

/** What to tell a person who just started the sandbox: its URL, its control API. */
export function sandboxUsage(sandbox: { url: string; controlUrl: string }, speed: number | "manual"): string {
  return [
    `DCS migration sandbox (speed ${speed}): ${sandbox.url}`,
    `  control API: ${sandbox.controlUrl}`,
    "  every answer is validated by Prism against the document",
  ].join("\n");
}
