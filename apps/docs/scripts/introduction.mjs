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
