// Writes the bundled document, YAML and JSON, to dist/. Every other surface reads these files.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const redocly = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

for (const ext of ["yaml", "json"]) {
  execFileSync(
    process.execPath,
    [redocly, "bundle", "dcs-migration", "--config", "../redocly.yaml", "-o", join("dist", `openapi.${ext}`)],
    { cwd: root, env, stdio: ["ignore", "inherit", "pipe"] },
  );
}
