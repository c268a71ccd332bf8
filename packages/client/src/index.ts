// Entry point for browsers, Deno, Bun and edge workers: signs with WebCrypto.
import { makeCreateDcsClient } from "./client.js";
import { webCrypto } from "./signing/crypto-web.js";
import { type RequestToSign, type Signature, type SigningKey, signRequest as sign } from "./signing/sign.js";

export * from "./public.js";
/** Creates a client for the DCS migration API. */
export const createDcsClient = makeCreateDcsClient(webCrypto);
/** Signs a request SDK-HMAC-SHA256, as the official SDKs do. */
export const signRequest = (request: RequestToSign, key: SigningKey): Promise<Signature> => sign(request, key, webCrypto);
