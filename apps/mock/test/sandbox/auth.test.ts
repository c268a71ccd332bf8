// A sandbox given an AK/SK checks every signature as the gateway does: here the bin as a user starts
// it in CI (dist/cli.js --sandbox --check-signatures, the AK/SK from CLOUD_SDK_AK/SK), controlled
// over its control API. The official SDK core's signer is the oracle: what it signs passes, and a
// tampered request or signature does not.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createDcsClient, type DcsLogEvent } from "@dcs-migration/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PROJECT } from "../contract.js";

const require = createRequire(import.meta.url);
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner") as {
  AKSKSigner: { sign(request: object, credential: object): Record<string, string> };
};
// biome-ignore lint/suspicious/noExplicitAny: the SDK core's credentials builder is untyped JavaScript.
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials") as { BasicCredentials: new () => any };

const AK = "HPUAEXAMPLEAK0000001";
const SK = "SENTINEL-SK-exampleSecretKey0123456789";
const BIN = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** The bin's sandbox: its URL, what it printed, and its control API. */
const sandbox = { url: "", printed: "", child: undefined as ReturnType<typeof spawn> | undefined };
const setClockSkew = async (skewMs: number) => {
  const answer = await fetch(`${sandbox.url}/__sandbox/gateway-clock`, {
    method: "PUT",
    body: JSON.stringify({ skewMs }),
    headers: { "Content-Type": "application/json" },
  });
  expect(answer.status).toBe(200);
};
beforeAll(async () => {
  const child = spawn(process.execPath, [BIN, "--sandbox", "--speed", "manual", "--port", "0", "--check-signatures"], {
    env: { ...process.env, CLOUD_SDK_AK: AK, CLOUD_SDK_SK: SK },
    stdio: ["ignore", "pipe", "pipe"],
  });
  sandbox.child = child;
  const exited = once(child, "exit");
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      sandbox.printed += chunk;
      if (/signatures are checked[^\n]*\n/.test(sandbox.printed)) resolve();
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    exited.then(() => reject(new Error(`the sandbox exited: ${sandbox.printed}`)));
  });
  sandbox.url = /sandbox \(speed manual\): (http:\/\/127\.0\.0\.1:\d+)/.exec(sandbox.printed)?.[1] ?? "";
}, 120_000);
afterAll(async () => {
  if (!sandbox.child || sandbox.child.exitCode !== null) return;
  const exited = once(sandbox.child, "exit");
  sandbox.child.kill("SIGINT");
  await exited;
});
beforeEach(() => setClockSkew(0));

/** Sends what the SDK core signs for a POST of `data`, with `tamper` applied after signing. */
async function sdkSigned(data: object, tamper: (headers: Record<string, string>, body: string) => [Record<string, string>, string] = (h, b) => [h, b]) {
  const url = `${sandbox.url}/v2/${PROJECT}/migration/instance`;
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Project-Id": PROJECT };
  const signed = AKSKSigner.sign(
    { method: "POST", endpoint: url, headers: { ...headers }, queryParams: {}, data },
    new BasicCredentials().withAk(AK).withSk(SK),
  );
  const [sent, body] = tamper({ ...headers, "X-Sdk-Date": signed["X-Sdk-Date"]!, Authorization: signed.Authorization! }, JSON.stringify(data));
  const response = await fetch(url, { method: "POST", headers: sent, body });
  return { status: response.status, body: (await response.json()) as { error_code?: string; error_msg?: string } };
}
const ONLINE = { name: "signed", vpc_id: "v", subnet_id: "s", security_group_id: "g" };

describe("a sandbox that checks signatures", () => {
  it("prints one URL for the API and its control API, and never the SK", async () => {
    expect(sandbox.printed).toContain(`control API: ${sandbox.url}/__sandbox\n`);
    expect(sandbox.printed).not.toContain(SK);
    // The control URL works as printed.
    expect((await fetch(`${sandbox.url}/__sandbox/reset`, { method: "POST" })).status).toBe(204);
  });

  it("accepts what the official SDK core signs, and the client's own signatures", async () => {
    expect((await sdkSigned(ONLINE)).status).toBe(200);
    const client = createDcsClient({ endpoint: sandbox.url, projectId: PROJECT, credentials: { accessKeyId: AK, secretAccessKey: SK }, retry: false });
    // A space and a plus in the query: Prism forwards them form-encoded, and they must still verify.
    for (const name of ["signed one", "signed+one", "signé ünïcode"]) {
      const { response } = await client.GET("/v2/{project_id}/migration-tasks", { params: { query: { limit: 5, name } } });
      expect(response.status, name).toBe(200);
    }
  });

  it.each([
    ["a body changed after signing", (h: Record<string, string>, b: string): [Record<string, string>, string] => [h, b.replace("signed", "tampered")]],
    [
      "a signature changed",
      (h: Record<string, string>, b: string): [Record<string, string>, string] => [
        { ...h, Authorization: h.Authorization!.replace(/.$/, (c) => (c === "0" ? "1" : "0")) },
        b,
      ],
    ],
    [
      "another access key",
      (h: Record<string, string>, b: string): [Record<string, string>, string] => [
        { ...h, Authorization: h.Authorization!.replace(AK, "HPUAOTHERAK000000001") },
        b,
      ],
    ],
  ])("refuses %s with 401 APIGW.0301", async (_name, tamper) => {
    const { status, body } = await sdkSigned(ONLINE, tamper);
    expect([status, body.error_code]).toEqual([401, "APIGW.0301"]);
  });

  it("refuses a signature time 20 minutes off with APIGW.0303; the client re-signs with the gateway's time and passes", async () => {
    await setClockSkew(20 * 60_000);
    const skewed = sandbox;
    const events: DcsLogEvent[] = [];
    const client = createDcsClient({
      endpoint: skewed.url,
      projectId: PROJECT,
      credentials: { accessKeyId: AK, secretAccessKey: SK },
      retry: false,
      log: (e) => events.push(e),
    });
    const { response } = await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE });
    expect(response.status).toBe(200);
    const skew = events.find((e) => e.type === "clock-skew");
    expect(skew?.type === "clock-skew" && Math.abs(skew.offsetMs - 20 * 60_000) < 5_000).toBe(true);
    const { status, body } = await (async () => {
      const r = await fetch(`${skewed.url}/v2/${PROJECT}/migration-tasks`, {
        headers: {
          Authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${"0".repeat(64)}`,
          "X-Sdk-Date": "20200101T000000Z",
        },
      });
      return { status: r.status, body: (await r.json()) as { error_code: string } };
    })();
    expect([status, body.error_code]).toEqual([401, "APIGW.0303"]);
  });

  it("accepts an IAM token as present, and never echoes a security token", async () => {
    const token = await fetch(`${sandbox.url}/v2/${PROJECT}/migration-tasks`, { headers: { "X-Auth-Token": "any-token" } });
    expect(token.status).toBe(200);
    const { body } = await sdkSigned(ONLINE, (h, b) => [
      { ...h, "X-Security-Token": "SENTINEL-SECURITY-TOKEN", Authorization: h.Authorization!.replace("SignedHeaders=", "SignedHeaders=x-security-token;") },
      b,
    ]);
    expect(body.error_code).toBe("APIGW.0301");
    expect(body.error_msg).not.toContain("SENTINEL-SECURITY-TOKEN");
  });
});
