import { ALGORITHM, canonicalRequest, formatSdkDate } from "./canonical.js";
import type { SigningCrypto } from "./crypto.js";

export interface SigningKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RequestToSign {
  method: string;
  url: string | URL;
  /** The headers to sign, any case; `host` and `X-Sdk-Date` are added. */
  headers: Record<string, string>;
  /** The exact body bytes that will be sent. */
  body?: string | Uint8Array | undefined;
  date?: Date;
}

export interface Signature {
  /** Headers to send: `Authorization` and `X-Sdk-Date`. */
  headers: { Authorization: string; "X-Sdk-Date": string };
  signedHeaders: string;
  canonicalRequest: string;
}

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export async function signRequest(request: RequestToSign, key: SigningKey, crypto: SigningCrypto): Promise<Signature> {
  const url = typeof request.url === "string" ? new URL(request.url) : request.url;
  const sdkDate = formatSdkDate(request.date ?? new Date());
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers)) headers.set(name.toLowerCase(), value);
  headers.set("host", url.host);
  headers.set("x-sdk-date", sdkDate);

  const body = request.body;
  // node:crypto answers at once, WebCrypto with a promise: awaiting a plain string would still cost
  // a turn of the microtask queue, so only a promise is awaited.
  let payloadHash = headers.get("x-sdk-content-sha256") ?? (body === undefined || body.length === 0 ? EMPTY_SHA256 : crypto.sha256Hex(body));
  if (typeof payloadHash !== "string") payloadHash = await payloadHash;
  const canonical = canonicalRequest({ method: request.method, url, headers, payloadHash });
  let canonicalHash = crypto.sha256Hex(canonical.request);
  if (typeof canonicalHash !== "string") canonicalHash = await canonicalHash;
  let signature = crypto.hmacSha256Hex(key.secretAccessKey, `${ALGORITHM}\n${sdkDate}\n${canonicalHash}`);
  if (typeof signature !== "string") signature = await signature;
  return {
    headers: {
      Authorization: `${ALGORITHM} Access=${key.accessKeyId}, SignedHeaders=${canonical.signedHeaders}, Signature=${signature}`,
      "X-Sdk-Date": sdkDate,
    },
    signedHeaders: canonical.signedHeaders,
    canonicalRequest: canonical.request,
  };
}
