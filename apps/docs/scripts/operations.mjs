// What the docs page adds to each operation: what it does to the world and in which statuses of
// the task the service accepts it, in the words of the client's operations manifest (which every
// surface prints, from the document's x-dcs-effects and x-dcs-allowed-statuses), with the error
// codes of a refusal and the reasons behind the statuses, so a reader sees both next to the call.
import { OPERATIONS } from "@dcs-migration/client/operations";

/** The codes of a refusal and why these statuses, after the manifest's "Allowed when" sentence. */
export function refusalDetail(allowed, catalogue) {
  const code = (name) => catalogue.find((e) => e.name === name)?.code ?? name;
  const parts = [`A refusal is 400 \`${code(allowed.refused)}\``];
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
      const says = OPERATIONS.find((op) => op.operationId === operation.operationId)?.says;
      if (!says) throw new Error(`docs: ${operation.operationId} is not in the client's operations manifest: build the client first`);
      const [effect, ...meaning] = says.effect.split(". ");
      const allowed = operation["x-dcs-allowed-statuses"];
      const paragraphs = [operation.description.trim(), `**${effect}.** ${meaning.join(". ")}`];
      if (says.allowedWhen) paragraphs.push(`**${says.allowedWhen}** ${refusalDetail(allowed, catalogue)}`);
      operation.description = paragraphs.join("\n\n");
    }
  }
}
