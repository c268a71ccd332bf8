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

/** The signature, as a promise whatever the crypto (the public `signRequest`). */
export function signRequest(request: RequestToSign, key: SigningKey, crypto: SigningCrypto): Promise<Signature> {
  try {
    return Promise.resolve(sign(request, key, crypto));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The signature, at once when the crypto answers at once (node:crypto), else a promise (WebCrypto):
 * the transport signs every attempt, and each promise awaited there is a turn of the microtask queue.
 */
export function sign(request: RequestToSign, key: SigningKey, crypto: SigningCrypto): Signature | Promise<Signature> {
  const url = typeof request.url === "string" ? new URL(request.url) : request.url;
  const sdkDate = formatSdkDate(request.date ?? new Date());
  const headers = new Map<string, string>();
  for (const name in request.headers) headers.set(name.toLowerCase(), request.headers[name] as string);
  headers.set("host", url.host);
  headers.set("x-sdk-date", sdkDate);

  const body = request.body;
  const payloadHash = headers.get("x-sdk-content-sha256") ?? (body === undefined || body.length === 0 ? EMPTY_SHA256 : crypto.sha256Hex(body));
  return then(payloadHash, (payloadHash) => {
    const canonical = canonicalRequest({ method: request.method, url, headers, payloadHash });
    return then(crypto.sha256Hex(canonical.request), (canonicalHash) =>
      then(crypto.hmacSha256Hex(key.secretAccessKey, `${ALGORITHM}\n${sdkDate}\n${canonicalHash}`), (signature) => ({
        headers: {
          Authorization: `${ALGORITHM} Access=${key.accessKeyId}, SignedHeaders=${canonical.signedHeaders}, Signature=${signature}`,
          "X-Sdk-Date": sdkDate,
        },
        signedHeaders: canonical.signedHeaders,
        canonicalRequest: canonical.request,
      })),
    );
  });
}

/** `next(value)`, now if the value is here, later if it is a promise. */
function then<R>(value: string | Promise<string>, next: (value: string) => R | Promise<R>): R | Promise<R> {
  return typeof value === "string" ? next(value) : value.then(next);
}
