// Every code block of every README (and so of the docs page's getting started, which is the root
// README's), as printed: what snippets.test.ts and readme-scripts.test.ts run.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { bin } from "./installed.js";
import { REPO } from "./packed-setup.js";

export interface Snippet {
  readme: string;
  index: number;
  lang: string;
  text: string;
  /** Why it cannot run, if it says so. */
  notRun: string | undefined;
  /** The file it is saved as. */
  file: string;
}

const READMES = [
  "README.md",
  "openapi/README.md",
  ...["packages", "apps"].flatMap((group) =>
    readdirSync(join(REPO, group))
      .map((name) => `${group}/${name}/README.md`)
      .filter((path) => {
        try {
          readFileSync(join(REPO, path));
          return true;
        } catch {
          return false;
        }
      }),
  ),
];

function snippetsOf(readme: string): Snippet[] {
  const text = readFileSync(join(REPO, readme), "utf8");
  const folder = readme.replace(/\/?README\.md$/, "").replace(/\//g, "-") || "root";
  const found: Snippet[] = [];
  for (const [index, match] of [...text.matchAll(/(<!-- not run: ([^>]*?) -->\n)?```(\w+)\n([\s\S]*?)```/g)].entries()) {
    const [, , htmlReason, lang = "", body = ""] = match;
    const firstLine = body.split("\n")[0] ?? "";
    const reason = htmlReason ?? /^\/\/ not run: (.+)$/.exec(firstLine)?.[1];
    const named = /^\/\/ ([\w.-]+\.(?:ts|mts|js|mjs))[:,\s]/.exec(firstLine)?.[1];
    const ext = lang === "ts" || lang === "typescript" ? "mts" : lang === "js" || lang === "javascript" ? "mjs" : lang;
    const file = join(folder, named ?? `snippet-${index + 1}.${ext}`);
    found.push({ readme, index: index + 1, lang, text: body, notRun: reason, file });
  }
  return found;
}

export const snippets = READMES.flatMap(snippetsOf);

/** What the blocks run with: the installed bins first on PATH, credentials and the variables they name. */
export const ENV = {
  PATH: `${dirname(bin("dcs-migrate"))}:${process.env.PATH ?? ""}`,
  HOME: process.env.HOME ?? "",
  CLOUD_SDK_AK: "HPUAEXAMPLEAK0000001",
  CLOUD_SDK_SK: "snippet-sk-0123456789",
  CLOUD_SDK_PROJECT_ID: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
  SOURCE_REDIS_PASSWORD: "source-secret",
  TARGET_REDIS_PASSWORD: "target-secret",
  // The README's redis: sections name the servers by these; a plan only validates here, nothing connects.
  SOURCE_REDIS_ADDRESS: "127.0.0.1:1",
  TARGET_REDIS_ADDRESS: "127.0.0.1:1",
  // The fleet template's variables, which an inventory's row gives; here they only validate it.
  name: "sessions",
  SOURCE_ADDRESS: "10.0.0.5:6379",
  TARGET_ID: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd",
};
