// The SDK-HMAC-SHA256 canonical request, built from the wire request (what is really sent), the
// way Huawei Cloud's official SDK core builds it. Pure string work: no crypto, no platform API.

export const ALGORITHM = "SDK-HMAC-SHA256";

/** RFC 3986: everything but A-Z a-z 0-9 - . _ ~ is percent-encoded (UTF-8, upper-case hex). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Only unreserved characters: decoding and encoding give it back as it is (the usual IDs). */
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
/** Decoded, then RFC 3986-encoded: what the SDK does to every path segment and query part. */
const reencode = (value: string) => (UNRESERVED.test(value) ? value : encodeRfc3986(decode(value)));

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each path segment decoded then RFC 3986-encoded, and always a trailing `/`. */
export function canonicalUri(pathname: string): string {
  const path = pathname.split("/").map(reencode).join("/");
  return path.endsWith("/") ? path : `${path}/`;
}

/** Pairs sorted by key then value (UTF-16 code units, on decoded text); `+` is a plus, not a space. */
export function canonicalQuery(search: string): string {
  const pairs = search
    .replace(/^\?/, "")
    .split("&")
    .filter((part) => part !== "")
    .map((part) => {
      const eq = part.indexOf("=");
      return eq < 0 ? [decode(part), ""] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))];
    }) as Array<[string, string]>;
  pairs.sort((a, b) => byCodeUnits(a[0], b[0]) || byCodeUnits(a[1], b[1]));
  return pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join("&");
}

export interface CanonicalInput {
  method: string;
  url: URL;
  /** Lower-case names to exact values; `host` and `x-sdk-date` included. */
  headers: ReadonlyMap<string, string>;
  payloadHash: string;
}

export interface Canonical {
  request: string;
  signedHeaders: string;
}

export function canonicalRequest({ method, url, headers, payloadHash }: CanonicalInput): Canonical {
  const names = [...headers.keys()].sort(byCodeUnits);
  const block = names.map((name) => `${name}:${headers.get(name)}\n`).join("");
  const signedHeaders = names.join(";");
  return {
    request: [method.toUpperCase(), canonicalUri(url.pathname), canonicalQuery(url.search), block, signedHeaders, payloadHash].join("\n"),
    signedHeaders,
  };
}

/** `YYYYMMDDTHHMMSSZ`, UTC: cut out of `YYYY-MM-DDTHH:MM:SS.sssZ`. */
export function formatSdkDate(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}
