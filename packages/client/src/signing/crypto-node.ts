/// <reference types="node" />
// node:crypto is 10x faster than WebCrypto's async round trips for these tiny inputs; the
// package's `node` export condition picks this file, so no browser bundle ever sees `node:`.
// crypto.hash (Node 20.12+) hashes in one call, a third of the cost of a Hash object.
import { createHmac, hash } from "node:crypto";
import type { SigningCrypto } from "./crypto.js";

export const nodeCrypto: SigningCrypto = {
  sha256Hex: (data) => hash("sha256", data, "hex"),
  hmacSha256Hex: (key, data) => createHmac("sha256", key).update(data, "utf8").digest("hex"),
};
