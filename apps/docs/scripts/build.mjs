#!/usr/bin/env node
// Builds dist/index.html: the bundled document, its introduction completed from the document
// itself, rendered by Redoc with its scripts inlined (the default output loads them from a CDN
// and renders nothing offline), and with nothing left that would load from another host.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as cliHelp from "@dcs-migration/cli/help";
import { commandLineSection, errorsSection, gettingStartedSection, lifecycleSection, regionsSection, runMigrationSection } from "./introduction.mjs";
import { describeOperations } from "./operations.mjs";

const require = createRequire(import.meta.url);
const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const doc = JSON.parse(readFileSync(require.resolve("@dcs-migration/openapi/openapi.json"), "utf8"));
const example = readFileSync(require.resolve("@dcs-migration/client/examples/online-migration.ts"), "utf8");
// The repository README's getting started, word for word: one text, tested as printed (apps/e2e).
const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");
const cliVersion = JSON.parse(readFileSync(require.resolve("@dcs-migration/cli/package.json"), "utf8")).version;
doc.info.description = [
  gettingStartedSection(readme),
  doc.info.description.trim(),
  runMigrationSection(example),
  commandLineSection(cliHelp, cliVersion),
  regionsSection(doc),
  lifecycleSection(doc),
  errorsSection(doc),
].join("\n\n");
describeOperations(doc);

mkdirSync(dist, { recursive: true });
const source = `${dist}openapi.json`;
writeFileSync(source, JSON.stringify(doc, null, 2));
execFileSync(
  process.execPath,
  [
    require.resolve("@redocly/cli/bin/cli.js"),
    "build-docs",
    source,
    "--config",
    fileURLToPath(new URL("../../../redocly.yaml", import.meta.url)),
    "--inlineBundle",
    "--title",
    doc.info.title,
    "-o",
    `${dist}index.html`,
  ],
  { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
);

// Redoc's "API docs by Redocly" badge is an image on Redocly's CDN: hide the link, drop the URLs.
const LOGOS = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
let html = readFileSync(`${dist}index.html`, "utf8").replace(LOGOS, "data:,");
// No favicon request either (a 404 would be a console error on any static host).
// Code wraps instead of running out of its column (a middle column is ~480 px wide at 1440 px):
// a long line cut off at the column's edge hid the end of "Run a migration" and of the CLI's help.
html = html.replace(
  "</head>",
  `<link rel="icon" href="data:,"><style>a[href*="redocly.com/redoc"]{display:none!important}pre,pre code{white-space:pre-wrap!important;overflow-wrap:anywhere}</style></head>`,
);
const remote = html.match(/<(?:script|link|img)[^>]+(?:src|href)="https?:\/\/[^"]+"/g);
if (remote) throw new Error(`the page would load from another host: ${remote.join(", ")}`);
writeFileSync(`${dist}index.html`, html);
console.log(`docs: ${dist}index.html (${Math.round(html.length / 1024)} kB)`);
