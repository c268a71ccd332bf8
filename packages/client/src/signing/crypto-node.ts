/// <reference types="node" />
// node:crypto is 10x faster than WebCrypto's async round trips for these tiny inputs; the
// package's `node` export condition picks this file, so no browser bundle ever sees `node:`.
// crypto.hash (Node 20.12+) hashes in one call, a third of the cost of a Hash object.
import { createHmac, createSecretKey, hash, type KeyObject } from "node:crypto";
import type { SigningCrypto } from "./crypto.js";

// A client signs with one SK: its key object is made once, not on every HMAC.
let lastSecret: string | undefined;
let lastKey: KeyObject | undefined;

function hmacKey(secret: string): KeyObject {
  if (secret !== lastSecret || !lastKey) {
    lastKey = createSecretKey(secret, "utf8");
    lastSecret = secret;
  }
  return lastKey;
}

export const nodeCrypto: SigningCrypto = {
  sha256Hex: (data) => hash("sha256", data, "hex"),
  hmacSha256Hex: (secret, data) => createHmac("sha256", hmacKey(secret)).update(data, "utf8").digest("hex"),
};
