// The API gateway's checks, for a sandbox given an AK/SK: an AK/SK signature must match the
// request (401 APIGW.0301) and be no more than 15 minutes off the gateway's clock (401 APIGW.0303);
// an IAM token is accepted as present. Users catch their signing bugs here before the cloud does.
import { signRequest } from "@dcs-migration/client";

const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;
const FIFTEEN_MINUTES = 15 * 60_000;
const sdkDate = (value) => Date.parse(String(value).replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
const stamp = (ms) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, "");

/**
 * @param {{ method: string, url: string, headers: Record<string, string | string[] | undefined>, body: string }} request
 *   `url` as the client signed it: the public (Prism) origin, and the path and query received.
 * @param {{ accessKeyId: string, secretAccessKey: string }} credentials
 * @param {number} gatewayNow the gateway's clock, in ms
 * @returns {Promise<undefined | { code: string, message: string }>} undefined when the request may pass
 */
export async function checkSignature(request, credentials, gatewayNow) {
  const { headers } = request;
  if (headers["x-auth-token"]) return undefined;
  const fail = (message) => ({ code: "APIGW.0301", message: `Incorrect IAM authentication information: ${message}` });
  const authorization = String(headers.authorization ?? "");
  if (!authorization) return fail("x-auth-token not found");
  const match = AUTHORIZATION.exec(authorization);
  if (!match) return fail("the Authorization header is not an SDK-HMAC-SHA256 signature");
  const [, access, signedHeaders, signature] = match;
  if (access !== credentials.accessKeyId) return fail("ak not found");
  const date = sdkDate(headers["x-sdk-date"]);
  if (Number.isNaN(date)) return fail("X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ");
  if (Math.abs(date - gatewayNow) > FIFTEEN_MINUTES) {
    return {
      code: "APIGW.0303",
      message: `Incorrect app authentication information: signature expired, signature time:${headers["x-sdk-date"]},server time:${stamp(gatewayNow)}`,
    };
  }
  const toSign = {};
  for (const name of signedHeaders.split(";")) {
    if (name === "host" || name === "x-sdk-date") continue;
    if (headers[name] === undefined) return fail(`the signed header ${name} is missing`);
    toSign[name] = String(headers[name]);
  }
  // Prism's proxy re-serializes the query as a form does (a space as "+", a "+" as "%2B"), so a "+"
  // here was a space in what the client signed.
  const url = request.url.replace(/\?.*$/, (query) => query.replace(/\+/g, "%20"));
  const expected = await signRequest({ method: request.method, url, headers: toSign, body: request.body, date: new Date(date) }, credentials);
  if (expected.signedHeaders !== signedHeaders || !expected.headers.Authorization.endsWith(`Signature=${signature}`)) {
    // Echo the canonical request, as the gateway does, so a hand-written signer can be compared; a
    // security token in it is a secret, so it is not repeated.
    const canonical = expected.canonicalRequest.replace(/^(x-security-token:).*$/m, "$1[REDACTED]");
    return fail(`verify aksk signature fail, canonicalRequest: ${JSON.stringify(canonical)}`);
  }
  return undefined;
}
