// Redocly plugin: at bundle time, gives each operation its `x-codeSamples` from
// `openapi/code_samples/<operationId>/`, so a path file carries no sample block. A missing sample
// fails the bundle with the file to add. (Lint forbids a hand-written `x-codeSamples`.)
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SAMPLES = fileURLToPath(new URL("../code_samples/", import.meta.url));

/** File name to the sample's language, in the order the docs page shows them. */
export const SAMPLE_FILES = [
  ["typescript.ts", "TypeScript"],
  ["curl.sh", "curl"],
  ["http.txt", "HTTP"],
];

function codeSamples() {
  return {
    Operation: {
      leave(operation) {
        const id = operation.operationId;
        if (!id) throw new Error("code-samples: an operation has no operationId, so its samples cannot be found");
        operation["x-codeSamples"] = SAMPLE_FILES.map(([file, lang]) => {
          const path = `${SAMPLES}${id}/${file}`;
          if (!existsSync(path)) {
            throw new Error(`code-samples: ${id} has no ${lang} sample: add openapi/code_samples/${id}/${file}`);
          }
          return { lang, label: lang, source: readFileSync(path, "utf8") };
        });
      },
    },
  };
}

export default function dcsPlugin() {
  return { id: "dcs", decorators: { oas3: { "code-samples": codeSamples } } };
}
