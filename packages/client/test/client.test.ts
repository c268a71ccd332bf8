import { describe, expect, it } from "vitest";
import { createDcsClient as createWebClient } from "../src/index.js";
import { type CreateMigrationTaskBody, createDcsClient as createNodeClient, REGIONS } from "../src/index.node.js";
import { json, observedFetch, PROJECT, TASK } from "./observe.js";
import { sdkAuthorization } from "./oracle.js";

const AK = "HPUAEXAMPLEAK0000001";
const SK = "exampleSecretKey0123456789abcdefghijklmn";

describe.each([
  ["node entry", createNodeClient],
  ["browser entry", createWebClient],
])("createDcsClient (%s)", (_name, createDcsClient) => {
  it("fills project_id from the option, sends X-Project-Id and signs exactly what the SDK core signs", async () => {
    const { fetch, requests, bodies } = observedFetch(json({ task_id: TASK, status: "MIGRATING" }));
    const client = createDcsClient({ region: "cn-north-4", projectId: PROJECT, credentials: { accessKeyId: AK, secretAccessKey: SK }, fetch });
    const { data } = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: TASK } } });

    expect(data?.status).toBe("MIGRATING");
    const sent = requests[0]!;
    expect(sent.method).toBe("GET");
    expect(sent.url).toBe(`https://dcs.cn-north-4.myhuaweicloud.com/v2/${PROJECT}/migration-task/${TASK}`);
    expect(sent.headers.get("X-Project-Id")).toBe(PROJECT);
    expect(sent.headers.get("X-Sdk-Date")).toMatch(/^\d{8}T\d{6}Z$/);
    expect(sent.headers.get("User-Agent")).toMatch(/^dcs-migration-client\/\d+\.\d+\.\d+$/);
    expect(sent.headers.get("Authorization")).toMatch(
      /^SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
    expect(sent.headers.get("Authorization")).toBe(
      sdkAuthorization({ method: "GET", url: sent.url, headers: { "X-Project-Id": PROJECT, "X-Sdk-Date": sent.headers.get("X-Sdk-Date")! } }, AK, SK),
    );
    expect(bodies[0]).toBe("");
  });

  it("signs the exact body bytes of a POST, temporary credentials included", async () => {
    const { fetch, requests, bodies } = observedFetch(json({ id: "t1", name: "n", status: "MIGRATING" }));
    const credentials = { accessKeyId: AK, secretAccessKey: SK, securityToken: "temporary-token-0001" };
    const client = createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: PROJECT, credentials, fetch });
    const body: CreateMigrationTaskBody = {
      task_name: "迁移-🚀",
      migration_type: "backupfile_import",
      migration_method: "full_amount_migration",
      backup_files: { file_source: "self_build_obs", bucket_name: "b", files: [{ file_name: "dump.rdb" }] },
      target_instance: { id: "d2c8399f-bdba-43c1-8069-3ff17a1a79d5", password: "Redis-Secret-42" },
    };
    const { data } = await client.POST("/v2/{project_id}/migration-task", { body });

    expect(data?.id).toBe("t1");
    const sent = requests[0]!;
    expect(sent.url).toBe(`http://127.0.0.1:4010/v2/${PROJECT}/migration-task`);
    expect(sent.headers.get("Content-Type")).toBe("application/json");
    expect(sent.headers.get("X-Security-Token")).toBe("temporary-token-0001");
    expect(JSON.parse(bodies[0]!)).toEqual(body);
    const headers = {
      "content-type": "application/json",
      "X-Project-Id": PROJECT,
      "X-Security-Token": "temporary-token-0001",
      "X-Sdk-Date": sent.headers.get("X-Sdk-Date")!,
    };
    expect(sent.headers.get("Authorization")).toBe(sdkAuthorization({ method: "POST", url: sent.url, headers, data: body }, AK, SK, "temporary-token-0001"));
  });

  it("sends an IAM token as X-Auth-Token, unsigned", async () => {
    const { fetch, requests } = observedFetch(json({ migration_tasks: [] }));
    const client = createDcsClient({
      region: "ap-southeast-1",
      projectId: PROJECT,
      credentials: { token: "iam-token-value" },
      fetch,
      headers: { "X-Language": "en-us" },
      userAgent: "ops-tool/1.0",
    });
    await client.POST("/v2/{project_id}/migration-task/batch-stop", { body: { migration_tasks: [TASK] } });
    const sent = requests[0]!;
    expect(sent.url).toBe(`https://dcs.ap-southeast-1.myhuaweicloud.com/v2/${PROJECT}/migration-task/batch-stop`);
    expect(sent.headers.get("X-Auth-Token")).toBe("iam-token-value");
    expect(sent.headers.get("Authorization")).toBeNull();
    expect(sent.headers.get("X-Language")).toBe("en-us");
    expect(sent.headers.get("User-Agent")).toBe("ops-tool/1.0");
  });

  it("fills project_id on every request: calls with and without path parameters, and request()", async () => {
    const { fetch, requests } = observedFetch(json({}));
    const client = createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: PROJECT, fetch });
    await client.GET("/v2/{project_id}/migration-tasks", { params: { query: { offset: 0, limit: 5 } } });
    await client.request("get", "/v2/{project_id}/migration-tasks", {});
    await client.request("post", "/v2/{project_id}/migration-task/{task_id}/stop", { params: { path: { task_id: TASK } } });
    await client.POST("/v2/{project_id}/migration-task/{task_id}/sync-stop", { params: { path: { task_id: TASK } } });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET http://127.0.0.1:4010/v2/${PROJECT}/migration-tasks?offset=0&limit=5`,
      `GET http://127.0.0.1:4010/v2/${PROJECT}/migration-tasks`,
      `POST http://127.0.0.1:4010/v2/${PROJECT}/migration-task/${TASK}/stop`,
      `POST http://127.0.0.1:4010/v2/${PROJECT}/migration-task/${TASK}/sync-stop`,
    ]);
  });

  it("signs the JSON body of a DELETE like any other body", async () => {
    const { fetch, requests, bodies } = observedFetch(json({ task_id_list: [TASK] }));
    const client = createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: PROJECT, credentials: { accessKeyId: AK, secretAccessKey: SK }, fetch });
    const { data } = await client.DELETE("/v2/{project_id}/migration-tasks/delete", { body: { task_id_list: [TASK] } });
    expect(data?.task_id_list).toEqual([TASK]);
    const sent = requests[0]!;
    expect(sent.method).toBe("DELETE");
    expect(JSON.parse(bodies[0]!)).toEqual({ task_id_list: [TASK] });
    const headers = { "content-type": "application/json", "X-Project-Id": PROJECT, "X-Sdk-Date": sent.headers.get("X-Sdk-Date")! };
    expect(sent.headers.get("Authorization")).toBe(sdkAuthorization({ method: "DELETE", url: sent.url, headers, data: { task_id_list: [TASK] } }, AK, SK));
  });

  it.each([
    ["a 204 with no body", () => new Response(null, { status: 204, headers: { "X-Request-Id": "454d689fa69847610b3ca486458fb08b" } })],
    ["a 200 with an empty body", () => new Response("", { status: 200, headers: { "X-Request-Id": "454d689fa69847610b3ca486458fb08b" } })],
  ])("resolves %s with no data and no error", async (_name, answer) => {
    const { fetch } = observedFetch(answer);
    const client = createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: PROJECT, fetch, throwOnError: true });
    const result = await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
      params: { path: { task_id: TASK } },
      body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: false },
    });
    expect(result.data).toBeUndefined();
    expect(result.error).toBeUndefined();
    expect(result.response.ok).toBe(true);
  });

  it("sends no credentials at all when none are given (the mock)", async () => {
    const { fetch, requests } = observedFetch(json({}));
    const client = createDcsClient({ endpoint: "http://127.0.0.1:4010/", projectId: PROJECT, fetch });
    await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", { params: { path: { task_id: TASK } } });
    const sent = requests[0]!;
    expect(sent.url).toBe(`http://127.0.0.1:4010/v2/${PROJECT}/migration-task/${TASK}/stop`);
    expect(["Authorization", "X-Auth-Token", "X-Sdk-Date"].map((h) => sent.headers.get(h))).toEqual([null, null, null]);
  });

  it("returns a typed error with status and request id for an error response", async () => {
    const { fetch } = observedFetch(json({ error_code: "DCS.4133", error_msg: "Instance job is not found.", error_ext_msg: null }, 400));
    const client = createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: PROJECT, fetch });
    const { data, error, response } = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: TASK } } });
    expect(data).toBeUndefined();
    expect(error?.error_code).toBe("DCS.4133");
    expect(response.status).toBe(400);
    expect(response.headers.get("X-Request-Id")).toBe("454d689fa69847610b3ca486458fb08b");
  });

  it("throws a DcsApiError naming status, code, message, request id and meaning with throwOnError", async () => {
    const { fetch } = observedFetch(json({ error_code: "DCS.4133", error_msg: "Instance job is not found.", error_ext_msg: null }, 400));
    const client = createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: PROJECT, fetch, throwOnError: true });
    const call = client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: TASK } } });
    await expect(call).rejects.toMatchObject({
      name: "DcsApiError",
      status: 400,
      code: "DCS.4133",
      requestId: "454d689fa69847610b3ca486458fb08b",
      isTaskNotFound: true,
    });
    await expect(client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: TASK } } })).rejects.toThrow(
      `GET /v2/${PROJECT}/migration-task/${TASK} failed: HTTP 400 DCS.4133: Instance job is not found. (request id 454d689fa69847610b3ca486458fb08b) - The migration task does not exist (or no longer does): check the task ID, or list the tasks with ListMigrationTask.`,
    );
  });

  // Without middleware openapi-fetch builds only the parts of a request (src/request.ts); middleware
  // must still be given, and may return, a real Request, signed afterwards like any other.
  it("gives middleware added with use() a real Request, and signs the one it returns", async () => {
    const { fetch, requests } = observedFetch(json({ task_id: TASK, status: "MIGRATING" }));
    const client = createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: PROJECT, credentials: { accessKeyId: AK, secretAccessKey: SK }, fetch });
    const given: unknown[] = [];
    client.use({
      onRequest({ request }) {
        given.push(request);
        return new Request(request, { headers: { "X-Trace": "t-1", "X-Project-Id": PROJECT } });
      },
    });
    const { data } = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: TASK } } });

    expect(data?.status).toBe("MIGRATING");
    expect(given).toHaveLength(1);
    expect(given[0]).toBeInstanceOf(Request);
    expect((given[0] as Request).method).toBe("GET");
    const sent = requests[0]!;
    expect(sent.headers.get("Authorization")).toBe(
      sdkAuthorization(
        { method: "GET", url: sent.url, headers: { "X-Project-Id": PROJECT, "X-Trace": "t-1", "X-Sdk-Date": sent.headers.get("X-Sdk-Date")! } },
        AK,
        SK,
      ),
    );
  });

  it("gives a call's own middleware a real Request, and the other calls none of it", async () => {
    const { fetch, requests } = observedFetch(json({ task_id: TASK, status: "MIGRATING" }));
    const client = createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: PROJECT, fetch });
    const given: unknown[] = [];
    const middleware = [{ onRequest: ({ request }: { request: Request }) => void given.push(request) }];
    const path = { params: { path: { task_id: TASK } } };
    await client.GET("/v2/{project_id}/migration-task/{task_id}", { ...path, middleware });
    await client.request("get", "/v2/{project_id}/migration-task/{task_id}", { ...path, middleware });
    await client.GET("/v2/{project_id}/migration-task/{task_id}", path);

    expect(given).toHaveLength(2);
    for (const request of given) expect(request).toBeInstanceOf(Request);
    expect(requests.map((r) => r.url)).toEqual(Array(3).fill(`http://127.0.0.1:4010/v2/${PROJECT}/migration-task/${TASK}`));
  });
});

describe("options", () => {
  const base = { projectId: PROJECT, fetch: observedFetch(json({})).fetch };

  it("names the option and the fix for every mistake", () => {
    expect(() => createNodeClient({ ...base, region: "cn-nowhere-1" })).toThrow(
      /unknown region "cn-nowhere-1"; known regions: .*cn-north-4.*pass `endpoint` instead, e\.g\. "https:\/\/dcs\.cn-nowhere-1\.myhuaweicloud\.com"/,
    );
    expect(() => createNodeClient({ ...base })).toThrow(/pass `region` \(e\.g\. "cn-north-4"\) or `endpoint`/);
    expect(() => createNodeClient({ ...base, region: "cn-north-4", endpoint: "http://x" })).toThrow(/`region` or `endpoint`, not both/);
    expect(() => createNodeClient({ ...base, endpoint: "localhost:4010" })).toThrow(/`endpoint` must be an absolute http\(s\) URL/);
    expect(() => createNodeClient({ ...base, region: "cn-north-4", projectId: "" })).toThrow(/`projectId` must be/);
    expect(() => createNodeClient({ ...base, region: "cn-north-4", timeoutMs: 0 })).toThrow(/`timeoutMs` must be a positive number/);
    expect(() => createNodeClient({ ...base, region: "cn-north-4", retry: { attempts: 0 } })).toThrow(/`retry.attempts` must be a number >= 1/);
    // @ts-expect-error a misspelt option
    expect(() => createNodeClient({ ...base, regoin: "cn-north-4" })).toThrow(/unknown option `regoin`; the options are region, endpoint/);
    // @ts-expect-error half an AK/SK pair
    expect(() => createNodeClient({ ...base, region: "cn-north-4", credentials: { accessKeyId: AK } })).toThrow(
      /`credentials` .secretAccessKey is missing or empty/,
    );
  });

  it("never puts a secret in an option error", () => {
    let message = "";
    try {
      createNodeClient({ ...base, region: "cn-north-4", credentials: { token: "super-secret-token", accessKeyId: AK, secretAccessKey: SK } as never });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/no AK\/SK with it/);
    expect(message).not.toContain("super-secret-token");
    expect(message).not.toContain(SK);
  });

  it("builds every region's endpoint from the document's server template", async () => {
    expect(REGIONS.length).toBeGreaterThanOrEqual(30);
    for (const region of REGIONS) {
      const { fetch, requests } = observedFetch(json({}));
      await createNodeClient({ region, projectId: PROJECT, fetch }).GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: TASK } } });
      expect(requests.map((r) => r.url)).toEqual([`https://dcs.${region}.myhuaweicloud.com/v2/${PROJECT}/migration-task/${TASK}`]);
    }
  });
});
