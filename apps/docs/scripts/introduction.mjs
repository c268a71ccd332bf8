// Sections the docs page adds to the document's own introduction, drawn from the document:
// the regions (the server variable) and the task lifecycle (x-lifecycle and x-status-groups).

const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

export function regionsSection(doc) {
  const server = doc.servers[0];
  const { enum: regions, default: fallback } = server.variables.region;
  return [
    "## Regions",
    "",
    `Every region has its own endpoint, \`${server.url}\` (default \`${fallback}\`):`,
    "",
    regions.map((r) => `\`${r}\``).join(", "),
  ].join("\n");
}

/** An inline SVG: one row per flow of `x-lifecycle`, a box per status coloured by its group. */
export function lifecycleSection(doc) {
  const status = doc.components.schemas.MigrationStatus;
  const { flows, description } = status["x-lifecycle"];
  const groups = status["x-status-groups"];
  const colour = (s) => (groups.succeeded.includes(s) ? "#1b7f3b" : groups.failed.includes(s) ? "#b3261e" : groups.stopped.includes(s) ? "#5f6368" : "#1a5fb4");
  const box = { w: 128, h: 28, gap: 30 },
    label = 210,
    row = 48;
  const width = label + Math.max(...flows.map((f) => f.statuses.length)) * (box.w + box.gap);
  const rows = flows.map((flow, i) => {
    const y = 12 + i * row;
    const cells = flow.statuses.map((s, j) => {
      const x = label + j * (box.w + box.gap);
      const arrow = j === 0 ? "" : `<path d="M${x - box.gap + 4} ${y + box.h / 2}h${box.gap - 10}" stroke="#444" marker-end="url(#arrow)"/>`;
      return `${arrow}<rect x="${x}" y="${y}" width="${box.w}" height="${box.h}" rx="6" fill="${colour(s)}"/><text x="${x + box.w / 2}" y="${y + 18}" text-anchor="middle" fill="#fff" font-size="12">${escapeHtml(s)}</text>`;
    });
    return `<text x="0" y="${y + 18}" font-size="13" fill="#222">${escapeHtml(flow.name)}</text>${cells.join("")}`;
  });
  const svg =
    `<svg role="img" aria-label="Migration task lifecycle" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${flows.length * row + 12}" style="max-width:100%;font-family:sans-serif">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0L10 5L0 10z" fill="#444"/></marker></defs>${rows.join("")}</svg>`;
  const legend = `Blue: still moving. Green: succeeded (${groups.succeeded.join(", ")}). Red: failed (${groups.failed.join(", ")}). Grey: stopped or gone (${groups.stopped.join(", ")}).`;
  return ["## Task lifecycle", "", description, "", svg, "", legend].join("\n");
}

/** The error catalogue of the document (`x-dcs-errors` of ErrorResponse), as a table. */
export function errorsSection(doc) {
  const { description, codes } = doc.components.schemas.ErrorResponse["x-dcs-errors"];
  const cell = (text) => String(text).replace(/\|/g, "\\|");
  return [
    "## Errors",
    "",
    description,
    "",
    "| code | HTTP | message | what to do |",
    "| --- | --- | --- | --- |",
    ...codes.map((e) => `| \`${e.code}\` | ${e.status} | ${cell(e.message)} | ${cell(e.fix)} |`),
  ].join("\n");
}

/** The client package's whole-migration example, as a section to read and copy. */
export function runMigrationSection(source) {
  const body = source.replace(/^\/\/.*\n/gm, "").trim();
  return [
    "## Run a migration",
    "",
    "A whole online migration with `@dcs-migration/client` (its `examples/online-migration.ts`, run in CI",
    "against the sandbox of `@dcs-migration/mock`): create the task, wait for the job that creates its migration ECS, configure it,",
    "watch the full copy with a progress bar, switch the IPs and roll the switch back, stop, delete.",
    "The waiters know when a task fails or stands still, and every error names the fix.",
    "",
    "```ts",
    body,
    "```",
  ].join("\n");
}

/** The command line, as `dcs-migrate --help` and each command's help say it. */
export function commandLineSection({ mainHelp, COMMANDS }, version) {
  return [
    "## Command line",
    "",
    "`dcs-migrate` (`npm install -g @dcs-migration/cli`) runs a migration from a reviewed plan file: its sections are the",
    "request bodies of this reference, checked against it before anything is sent. Interrupted, it resumes where it stopped.",
    "What follows is its own help, word for word.",
    "",
    "```text",
    mainHelp(version),
    "```",
    "",
    ...COMMANDS.flatMap((c) => [
      `### dcs-migrate ${c.name}`,
      "",
      "```text",
      c.usage,
      "```",
      "",
      `${c.summary[0].toUpperCase()}${c.summary.slice(1)}.`,
      ...(c.details ? ["", "```text", c.details, "```"] : []),
      "",
    ]),
  ].join("\n");
}

/** The repository README's "Getting started", first on the page: install, the sandbox, a migration, then a region. */
export function gettingStartedSection(readme) {
  const match = /^## Getting started\n([\s\S]*?)(?=^## )/m.exec(readme);
  if (!match) throw new Error("docs: the repository README has no '## Getting started' section to show first");
  // Links into the repository would be dead on a static host: their text stays.
  return `## Getting started\n${match[1].replace(/\[([^\]]+)\]\((?!https?:)[^)]*\)/g, "$1").trim()}`;
}
