// Writes the bundled document, YAML and JSON, to dist/. Every other surface reads these files.
// The bundle runs the `dcs/code-samples` decorator (plugins/code-samples.mjs) of ../redocly.yaml.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const redocly = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

for (const ext of ["yaml", "json"]) {
  const run = spawnSync(process.execPath, [redocly, "bundle", "dcs-migration", "--config", "../redocly.yaml", "-o", join("dist", `openapi.${ext}`)], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (run.status !== 0) {
    // Redocly's reason, without its Node-version banner.
    const reason = run.stderr.split("\n").filter((line) => line.trim() && !/[║╔╚]/.test(line));
    console.error(`bundle failed:\n${reason.join("\n")}`);
    process.exit(1);
  }
}
