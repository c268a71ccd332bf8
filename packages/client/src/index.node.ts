// Entry point for Node (the package's `node` condition): signs with node:crypto, the fastest.
import { makeCreateDcsClient } from "./client.js";
import { nodeCrypto } from "./signing/crypto-node.js";
import { type RequestToSign, type Signature, type SigningKey, signRequest as sign } from "./signing/sign.js";

export * from "./public.js";
/** Creates a client for the DCS migration API. */
export const createDcsClient = makeCreateDcsClient(nodeCrypto);
/** Signs a request SDK-HMAC-SHA256, as the official SDKs do. */
export const signRequest = (request: RequestToSign, key: SigningKey): Promise<Signature> => sign(request, key, nodeCrypto);
