import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeRfc3986 } from "../src/signing/canonical.js";
import type { SigningCrypto } from "../src/signing/crypto.js";
import { nodeCrypto } from "../src/signing/crypto-node.js";
import { webCrypto } from "../src/signing/crypto-web.js";
import { signRequest } from "../src/signing/sign.js";
import { sdkAuthorization } from "./oracle.js";

const AK = "HPUAEXAMPLEAK0000001";
const SK = "exampleSecretKey0123456789abcdefghijklmn";
const SK_OTHER = "anotherSecretKey9876543210zyxwvutsrqpon";
const backends: Array<[string, SigningCrypto]> = [
  ["node:crypto", nodeCrypto],
  ["WebCrypto", webCrypto],
];

/** Small seeded PRNG, so a failing case can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  method: string;
  url: string;
  headers: Record<string, string>;
  data: unknown;
  securityToken?: string;
  date: Date;
}

const TEXT = ["a b+c/d?&=é中!*'()~", "plain", "", "100%", "emoji 🚀", "x=y&z", "~tilde.dot_under-dash", "中文", "MiXeD"];
const KEYS = ["tag", "Tag", "a b", "a+b", "é", "z", "k~ey.1_-", "limit", "offset", "name"];

function generate(random: () => number, i: number): Case {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(random() * 16)]).join("");
  const method = pick(["GET", "POST", "PUT", "DELETE", "PATCH", "GET"]);
  const segments = [
    "v2",
    hex(32),
    pick(["migration-task", "migration-tasks", "migration"]),
    pick([hex(32), `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`, "中文-ü", "batch-stop"]),
  ];
  if (random() < 0.5) segments.push(pick(["stop", "stats", "task", "logs"]));
  const query: string[] = [];
  for (let q = Math.floor(random() * 5); q > 0; q--) {
    const key = pick(KEYS);
    for (let r = random() < 0.3 ? 3 : 1; r > 0; r--) query.push(`${encodeRfc3986(key)}=${encodeRfc3986(pick(TEXT))}`);
  }
  const path = segments.map(encodeRfc3986).join("/") + (random() < 0.1 ? "/" : "");
  const host = pick(["dcs.cn-north-4.myhuaweicloud.com", "dcs.ap-southeast-1.myhuaweicloud.com", "127.0.0.1:4010"]);
  const url = `${host.includes(":") ? "http" : "https"}://${host}/${path}${query.length ? `?${query.join("&")}` : ""}`;
  const hasBody = method !== "GET" && random() < 0.85;
  const data = hasBody ? { task_name: pick(TEXT), n: i, nested: { list: [pick(TEXT), random() < 0.5, null], emoji: "🚀✨" } } : undefined;
  const headers: Record<string, string> = { "X-Project-Id": hex(32) };
  if (hasBody || random() < 0.5) headers["content-type"] = "application/json";
  const securityToken = random() < 0.3 ? `tmp-${hex(40)}` : undefined;
  if (securityToken) headers["X-Security-Token"] = securityToken;
  const date = new Date(
    Date.UTC(
      2020 + Math.floor(random() * 6),
      Math.floor(random() * 12),
      1 + Math.floor(random() * 28),
      Math.floor(random() * 24),
      Math.floor(random() * 60),
      Math.floor(random() * 60),
    ),
  );
  return { method, url, headers, data, date, ...(securityToken ? { securityToken } : {}) };
}

const sdkDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

describe.each(backends)("signRequest with %s", (_name, crypto) => {
  it("matches the published test vector", async () => {
    const signature = await signRequest(
      {
        method: "GET",
        url: "https://dcs.cn-north-4.myhuaweicloud.com/v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/migration-task/f6e0c7b2-1d2e-4a3b-9c8d-7e6f5a4b3c2d",
        headers: { "content-type": "application/json", "X-Project-Id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9" },
        date: new Date("2024-01-01T12:00:00Z"),
      },
      { accessKeyId: AK, secretAccessKey: SK },
      crypto,
    );
    expect(signature.headers.Authorization).toBe(
      "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=26c93254719a935d0a029366b815cdc6dd5191f02756be986211f20103404b04",
    );
    expect(signature.headers["X-Sdk-Date"]).toBe("20240101T120000Z");
    expect(signature.canonicalRequest.split("\n")[1]).toBe("/v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/migration-task/f6e0c7b2-1d2e-4a3b-9c8d-7e6f5a4b3c2d/");
  });

  // Two SKs in turn and dates that often repeat a second: the signer keeps the last key and the last
  // second's date string, and neither may leak into the next signature.
  it("is byte-identical to the official SDK core's AKSKSigner over 300 generated requests", async () => {
    const random = prng(20261122);
    let previous = new Date("2024-01-01T12:00:00.250Z");
    for (let i = 0; i < 300; i++) {
      const c = generate(random, i);
      if (random() < 0.4) c.date = new Date(previous.getTime() + Math.floor(random() * 1500));
      previous = c.date;
      const sk = random() < 0.5 ? SK : SK_OTHER;
      const body = c.data === undefined ? undefined : JSON.stringify(c.data);
      const ours = await signRequest(
        { method: c.method, url: c.url, headers: c.headers, body, date: c.date },
        { accessKeyId: AK, secretAccessKey: sk },
        crypto,
      );
      const sdk = sdkAuthorization(
        { method: c.method, url: c.url, headers: { ...c.headers, "X-Sdk-Date": sdkDate(c.date) }, data: c.data },
        AK,
        sk,
        c.securityToken,
      );
      expect(ours.headers.Authorization, `case ${i}: ${c.method} ${c.url}`).toBe(sdk);
    }
  });

  // A path of unreserved characters is its own canonical form and skips the re-encoding; anything
  // else (sub-delims, lower-case or needless escapes) must still come out as the SDK encodes it.
  it("re-encodes the path segments that need it, like the SDK", async () => {
    const date = new Date("2024-01-01T12:00:00Z");
    for (const path of ["/v2/p/migration-task/a276c1ff-a0a5", "/v2/p/a!b*c/(d)e", "/v2/p/%e4%b8%ad/%41%2d", "/v2/p/%7e/~._-"]) {
      const url = `https://dcs.cn-north-4.myhuaweicloud.com${path}`;
      const ours = await signRequest({ method: "GET", url, headers: { "X-Project-Id": "p" }, date }, { accessKeyId: AK, secretAccessKey: SK }, crypto);
      expect(ours.headers.Authorization, path).toBe(
        sdkAuthorization({ method: "GET", url, headers: { "X-Project-Id": "p", "X-Sdk-Date": "20240101T120000Z" } }, AK, SK),
      );
    }
  });

  it("uses X-Sdk-Content-Sha256 verbatim when present, as the SDK does", async () => {
    const headers = { "content-type": "application/octet-stream", "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD" };
    const date = new Date("2024-01-01T12:00:00Z");
    const ours = await signRequest(
      { method: "POST", url: "https://dcs.cn-north-4.myhuaweicloud.com/v2/p/x", headers, body: "raw", date },
      { accessKeyId: AK, secretAccessKey: SK },
      crypto,
    );
    expect(ours.canonicalRequest.endsWith("\nUNSIGNED-PAYLOAD")).toBe(true);
    expect(ours.headers.Authorization).toBe(
      sdkAuthorization(
        { method: "POST", url: "https://dcs.cn-north-4.myhuaweicloud.com/v2/p/x", headers: { ...headers, "X-Sdk-Date": "20240101T120000Z" }, data: { any: 1 } },
        AK,
        SK,
      ),
    );
  });
});

describe("HMAC-SHA256 of the node entry, from precomputed key pads", () => {
  it("equals node:crypto's createHmac for keys of every length around the 64-byte block, non-ASCII, and keys changing", () => {
    const keys = [0, 1, 40, 63, 64, 65, 100, 200].map((n) => "k".repeat(n)).concat(["ключ-🔑-секрет", "exampleSecretKey0123456789abcdefghijklmn"]);
    for (const key of [...keys, ...keys.reverse()]) {
      for (const data of ["", "SDK-HMAC-SHA256\n20240101T120000Z\nabc", "ünïcödé ✓".repeat(20)]) {
        expect(nodeCrypto.hmacSha256Hex(key, data), `${key.length}-char key`).toBe(createHmac("sha256", key).update(data, "utf8").digest("hex"));
      }
    }
  });
});
