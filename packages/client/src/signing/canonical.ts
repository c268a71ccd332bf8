// The SDK-HMAC-SHA256 canonical request, built from the wire request (what is really sent), the
// way Huawei Cloud's official SDK core builds it. Pure string work: no crypto, no platform API.

export const ALGORITHM = "SDK-HMAC-SHA256";

/** RFC 3986: everything but A-Z a-z 0-9 - . _ ~ is percent-encoded (UTF-8, upper-case hex). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Only unreserved characters: decoding and encoding give it back as it is (the usual IDs). */
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
/** A path whose every segment is unreserved: its canonical form is itself. */
const UNRESERVED_PATH = /^[A-Za-z0-9\-._~/]*$/;
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
  const path = UNRESERVED_PATH.test(pathname) ? pathname : pathname.split("/").map(reencode).join("/");
  return path.endsWith("/") ? path : `${path}/`;
}

/** Pairs sorted by key then value (UTF-16 code units, on decoded text); `+` is a plus, not a space. */
export function canonicalQuery(search: string): string {
  if (search === "") return "";
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
  // sort() with no comparator orders by UTF-16 code units, as the SDK does, without a call per pair.
  const names = [...headers.keys()].sort();
  let block = "";
  for (const name of names) block += `${name}:${headers.get(name)}\n`;
  const signedHeaders = names.join(";");
  return {
    request: `${method.toUpperCase()}\n${canonicalUri(url.pathname)}\n${canonicalQuery(url.search)}\n${block}\n${signedHeaders}\n${payloadHash}`,
    signedHeaders,
  };
}

// Requests signed within one second share their date: it is formatted once.
let lastSecond = Number.NaN;
let lastSdkDate = "";

/** `YYYYMMDDTHHMMSSZ`, UTC: cut out of `YYYY-MM-DDTHH:MM:SS.sssZ`. */
export function formatSdkDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    const iso = date.toISOString();
    lastSdkDate = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
    lastSecond = second;
  }
  return lastSdkDate;
}
