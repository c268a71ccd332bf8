// WebCrypto: browsers, Deno, Bun, edge workers (and Node, in the tests of this path).
import { type SigningCrypto, toHex } from "./crypto.js";

const encoder = new TextEncoder();
// Importing the HMAC key is the slow part; clients sign with one SK, so keep the last one.
let cachedKey: { secret: string; key: Promise<CryptoKey> } | undefined;

function hmacKey(secret: string): Promise<CryptoKey> {
  if (cachedKey?.secret !== secret) {
    const key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    cachedKey = { secret, key };
  }
  return cachedKey.key;
}

export const webCrypto: SigningCrypto = {
  async sha256Hex(data) {
    const bytes = (typeof data === "string" ? encoder.encode(data) : data) as BufferSource;
    return toHex(await crypto.subtle.digest("SHA-256", bytes));
  },
  async hmacSha256Hex(secret, data) {
    return toHex(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(data)));
  },
};
