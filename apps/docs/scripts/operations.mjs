// What the docs page adds to each operation, from the document's own extensions: what it does to
// the world (`x-dcs-effect`) and in which statuses of the task the service accepts it
// (`x-dcs-allowed-statuses`), so a reader sees both next to the call.

const EFFECTS = {
  read: "**Effect: read.** Changes nothing.",
  write: "**Effect: write.** Creates or changes a migration task.",
  destructive: "**Effect: destructive.** Stops, deletes or switches something that cannot simply be undone: confirm before calling it on production.",
};

const list = (values) => values.map((v) => (v === null ? "no switch yet" : `\`${v}\``)).join(", ");

/** The "Allowed when" paragraph of an operation, or undefined when any status allows it. */
export function allowedWhen(allowed, catalogue) {
  if (!allowed) return undefined;
  const code = (name) => catalogue.find((e) => e.name === name)?.code ?? name;
  const parts = [`**Allowed when** the task's \`status\` is ${list(allowed.status)}`];
  if (allowed.task_status) parts.push(` and its \`task_status\` is ${list(allowed.task_status)}`);
  parts.push(`; otherwise 400 \`${code(allowed.refused)}\``);
  for (const [status, name] of Object.entries(allowed.refusedWhile ?? {})) parts.push(` (400 \`${code(name)}\` while \`${status}\`)`);
  parts.push(".");
  if (allowed["x-dcs-decision"]) parts.push(` *Why these:* ${allowed["x-dcs-decision"]}`);
  return parts.join("");
}

/** Adds the effect and the allowed statuses to every operation's description, in place. */
export function describeOperations(doc) {
  const catalogue = doc.components.schemas.ErrorResponse["x-dcs-errors"].codes;
  for (const item of Object.values(doc.paths)) {
    for (const operation of Object.values(item)) {
      if (typeof operation !== "object" || !operation?.operationId) continue;
      const effect = EFFECTS[operation["x-dcs-effect"]];
      if (!effect) throw new Error(`docs: ${operation.operationId} has no x-dcs-effect (read, write or destructive)`);
      const allowed = allowedWhen(operation["x-dcs-allowed-statuses"], catalogue);
      operation.description = [operation.description.trim(), effect, ...(allowed ? [allowed] : [])].join("\n\n");
    }
  }
}
