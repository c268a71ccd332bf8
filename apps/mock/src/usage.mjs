// What to tell a person who just started the mock, with a request taken from the bundled
// document: its first GET, the path filled with the parameters' examples, and that operation's
// own statuses and example names (so the hint cannot name a path or example that is gone).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const doc = JSON.parse(readFileSync(require.resolve("@dcs-migration/openapi/openapi.json"), "utf8"));
const deref = (node) =>
  node?.$ref
    ? node.$ref
        .slice(2)
        .split("/")
        .reduce((at, key) => at[key], doc)
    : node;
const firstExample = (holder) => Object.values(holder?.examples ?? {}).map((e) => deref(e).value)[0];

function sampleRequest() {
  for (const [path, item] of Object.entries(doc.paths)) {
    const get = item.get;
    if (!get) continue;
    const params = [...(item.parameters ?? []), ...(get.parameters ?? [])].map(deref);
    const url = path.replace(/\{([^}]+)\}/g, (_, name) => String(firstExample(params.find((p) => p.name === name)) ?? name));
    const statuses = Object.keys(get.responses);
    const examples = Object.keys(deref(get.responses["200"])?.content?.["application/json"]?.examples ?? {});
    return { url, error: statuses.find((s) => s.startsWith("4")), example: examples.at(-1) };
  }
  return undefined;
}

export function mockUsage(url) {
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
    `  requests are validated; problems are listed in the sl-violations response header`,
  ].join("\n");
}
