// The official SDK core's signer, driven as a test oracle (see signing-and-perf.md §2).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner") as {
  AKSKSigner: { sign(request: object, credential: object): Record<string, string> };
};
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials") as {
  // biome-ignore lint/suspicious/noExplicitAny: the SDK core's credentials builder is untyped JavaScript.
  BasicCredentials: new () => { withAk(ak: string): any };
};

export interface OracleRequest {
  method: string;
  url: string;
  /** Headers as sent; `X-Sdk-Date` pins the time. */
  headers: Record<string, string>;
  /** The body object (the SDK hashes JSON.stringify of it). */
  data?: unknown;
}

/** What the official SDK core signs for this request: its Authorization header. */
export function sdkAuthorization(request: OracleRequest, ak: string, sk: string, securityToken?: string): string {
  const url = new URL(request.url);
  const queryParams: Record<string, string | string[]> = {};
  for (const [k, v] of parseQuery(url.search)) {
    const prev = queryParams[k];
    queryParams[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  let credential = new BasicCredentials().withAk(ak).withSk(sk);
  if (securityToken) credential = credential.withSecurityToken(securityToken);
  const signed = AKSKSigner.sign(
    // The SDK takes the raw path: it percent-encodes an already encoded one a second time.
    {
      method: request.method,
      endpoint: `${url.origin}${url.pathname.split("/").map(decodeURIComponent).join("/")}`,
      headers: { ...request.headers },
      queryParams,
      data: request.data,
    },
    credential,
  );
  return signed.Authorization as string;
}

function parseQuery(search: string): Array<[string, string]> {
  return search
    .replace(/^\?/, "")
    .split("&")
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf("=");
      return eq < 0 ? [decodeURIComponent(part), ""] : [decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))];
    });
}
