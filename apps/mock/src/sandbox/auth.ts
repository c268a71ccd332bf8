// The API gateway's checks, for a sandbox given an AK/SK: an AK/SK signature must match the
// request (401 APIGW.0301) and be no more than 15 minutes off the gateway's clock (401 APIGW.0303);
// an IAM token is accepted as present. Users catch their signing bugs here before the cloud does.
import { DcsErrors, signRequest } from "@dcs-migration/client";

const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;
const FIFTEEN_MINUTES = 15 * 60_000;
const sdkDate = (value: unknown) => Date.parse(String(value).replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, "");

export interface SignedRequest {
  method: string;
  /** As the client signed it: the origin it called, and the path and query as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Why the gateway refuses the request (`code` a DcsErrors entry), or undefined when it may pass. */
export async function checkSignature(
  request: SignedRequest,
  credentials: { accessKeyId: string; secretAccessKey: string },
  gatewayNow: number,
): Promise<undefined | { error: { code: string }; message: string }> {
  const { headers } = request;
  if (headers["x-auth-token"]) return undefined;
  const fail = (message: string) => ({ error: DcsErrors.IAM_AUTH_INVALID, message: `Incorrect IAM authentication information: ${message}` });
  const authorization = String(headers.authorization ?? "");
  if (!authorization) return fail("x-auth-token not found");
  const match = AUTHORIZATION.exec(authorization);
  if (!match) return fail("the Authorization header is not an SDK-HMAC-SHA256 signature");
  const [, access, signedHeaders, signature] = match as unknown as [string, string, string, string];
  if (access !== credentials.accessKeyId) return fail("ak not found");
  const date = sdkDate(headers["x-sdk-date"]);
  if (Number.isNaN(date)) return fail("X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ");
  if (Math.abs(date - gatewayNow) > FIFTEEN_MINUTES) {
    return {
      error: DcsErrors.APP_AUTH_INVALID,
      message: `Incorrect app authentication information: signature expired, signature time:${headers["x-sdk-date"]},server time:${stamp(gatewayNow)}`,
    };
  }
  const toSign: Record<string, string> = {};
  for (const name of signedHeaders.split(";")) {
    if (name === "host" || name === "x-sdk-date") continue;
    if (headers[name] === undefined) return fail(`the signed header ${name} is missing`);
    toSign[name] = String(headers[name]);
  }
  const expected = await signRequest({ method: request.method, url: request.url, headers: toSign, body: request.body, date: new Date(date) }, credentials);
  if (expected.signedHeaders !== signedHeaders || !expected.headers.Authorization.endsWith(`Signature=${signature}`)) {
    // Echo the canonical request, as the gateway does, so a hand-written signer can be compared; a
    // security token in it is a secret, so it is not repeated.
    const canonical = expected.canonicalRequest.replace(/^(x-security-token:).*$/m, "$1[REDACTED]");
    return fail(`verify aksk signature fail, canonicalRequest: ${JSON.stringify(canonical)}`);
  }
  return undefined;
}
