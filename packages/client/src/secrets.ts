// A secret reaches text in more forms than the one it was given in: a server that echoes a request
// writes it JSON-escaped (`Src\"Pw\\x`), a URL carries it percent-encoded, a form with `+` for a
// space. Scrubbing only the raw value let the escaped echo through: every form is scrubbed.

/** Values shorter than this would mask ordinary words (and a 1-3 character secret is no secret). */
export const MIN_SECRET_LENGTH = 4;

const hex4 = (c: string) => c.charCodeAt(0).toString(16).padStart(4, "0");

/**
 * Every form `secret` can take in text: as given; JSON-escaped (also `\/`, `\uXXXX` for non-ASCII
 * and for `<>&'` as Python or Go write them, in either case of hex, and escaped twice, as JSON inside
 * a JSON string); URL-encoded (also as a form: `+` for a space, `!'()~` escaped; either case of hex).
 */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const json = JSON.stringify(secret).slice(1, -1);
  const url = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const lower = (text: string) => text.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  const jsonForms = [
    json,
    json.replace(/\//g, "\\/"),
    json.replace(/[^ -~]/g, (c) => `\\u${hex4(c)}`),
    json.replace(/[^ -~]|[<>&']/g, (c) => `\\u${hex4(c)}`),
    json.replace(/[^ -~]|[<>&]/g, (c) => `\\u${hex4(c)}`),
  ];
  return [
    ...new Set([
      secret,
      ...jsonForms,
      ...jsonForms.map((j) => j.replace(/\\u([0-9a-f]{4})/g, (_, h: string) => `\\u${h.toUpperCase()}`)),
      JSON.stringify(json).slice(1, -1),
      ...[url, url.replace(/%20/g, "+"), form].flatMap((u) => [u, lower(u)]),
    ]),
  ].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** A function that replaces every form of every secret in a text by `mask`. Built once, used on every line. */
export function secretMasker(secrets: Iterable<string>, mask = "[REDACTED]"): (text: string) => string {
  // The longest forms first, so that none is left half-masked by a shorter one inside it.
  const forms = [...new Set([...secrets].flatMap(secretForms))].sort((a, b) => b.length - a.length);
  return (text) => forms.reduce((out, form) => out.split(form).join(mask), text);
}

/** `text` with every form of every secret replaced by `mask`. */
export function scrubSecrets(text: string, secrets: Iterable<string>, mask = "[REDACTED]"): string {
  return secretMasker(secrets, mask)(text);
}
