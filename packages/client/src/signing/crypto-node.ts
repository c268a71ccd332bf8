/// <reference types="node" />
// node:crypto is 10x faster than WebCrypto's async round trips for these tiny inputs; the
// package's `node` export condition picks this file, so no browser bundle ever sees `node:`.
import { createHash, createHmac } from "node:crypto";
import type { SigningCrypto } from "./crypto.js";

export const nodeCrypto: SigningCrypto = {
  sha256Hex: (data) => createHash("sha256").update(data).digest("hex"),
  hmacSha256Hex: (key, data) => createHmac("sha256", key).update(data, "utf8").digest("hex"),
};
