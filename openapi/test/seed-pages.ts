// Reads the official reference pages in test/seeds/ (copies of the project's ground truth):
// the operation each describes, its status codes, and the JSON examples it shows.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Json } from "@dcs-migration/openapi/walker";

const dir = fileURLToPath(new URL("./seeds/", import.meta.url));

export interface SeedPage {
  file: string;
  method: string;
  path: string;
  statuses: string[];
  /** Every JSON example of the page, requests and responses. */
  examples: Json[];
  /** The response examples, by the status code they are shown under. */
  responses: Record<string, Json>;
}

export const seedPages: SeedPage[] = readdirSync(dir)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .map((file) => parse(file, readFileSync(dir + file, "utf8")));

function parse(file: string, text: string): SeedPage {
  const uri = /^(GET|POST|PUT|DELETE|PATCH)\s+(\/v2\/\S+)\s*$/m.exec(text);
  if (!uri?.[1] || !uri[2]) throw new Error(`${file}: no "METHOD /v2/..." line`);
  const codes = text.slice(text.lastIndexOf("Status Code"));
  const statuses = [...codes.matchAll(/^\|?\s*([1-5]\d\d)\s*\|?\s*$/gm)].map((m) => m[1] as string);
  const start = text.indexOf("Example Requests");
  const end = Math.min(...["SDK Sample Code", "Status Codes"].map((h) => indexOrEnd(text, h, start)));
  const responsesAt = text.indexOf("Example Responses", start);
  const responses: Record<string, Json> = {};
  const chunks = text.slice(responsesAt, end).split(/Status code: (\d{3})/);
  for (let i = 1; i + 1 < chunks.length; i += 2) {
    const [first] = jsonBlocks(chunks[i + 1] as string);
    if (first !== undefined) responses[chunks[i] as string] = first;
  }
  return { file, method: uri[1], path: uri[2], statuses: [...new Set(statuses)], examples: jsonBlocks(text.slice(start, end)), responses };
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? text.length : at;
}

/** Every balanced `{...}` block of the text that parses as JSON. */
function jsonBlocks(text: string): Json[] {
  const blocks: Json[] = [];
  for (let i = text.indexOf("{"); i >= 0; i = text.indexOf("{", i + 1)) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      if (text[j] === "{") depth++;
      else if (text[j] === "}" && --depth === 0) {
        try {
          blocks.push(JSON.parse(text.slice(i, j + 1)) as Json);
          i = j;
        } catch {
          // Not JSON (a path template such as {project_id}): the scan goes on inside it.
        }
        break;
      }
    }
  }
  return blocks;
}
