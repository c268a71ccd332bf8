// What the rehearsal prints of an error it did not write: a library's message may quote a URL it was
// given. Every password of the given URLs is replaced, in each form a message could carry it (as
// written, decoded, percent-encoded, JSON-escaped).
export function redactor(urls: ReadonlyArray<string | undefined>): (text: string) => string {
  const forms = new Set<string>();
  for (const url of urls) {
    const written = url ? new URL(url).password : "";
    if (!written) continue;
    const password = decodeURIComponent(written);
    for (const form of [written, password, encodeURIComponent(password), JSON.stringify(password).slice(1, -1)]) forms.add(form);
  }
  // Longest first: a shorter form inside a longer one would leave the rest of it behind.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((out, form) => out.split(form).join("***"), text);
}
