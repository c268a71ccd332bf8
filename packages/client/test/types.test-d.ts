// Type tests: wrong paths, missing task IDs and bad bodies must not compile.
import { describe, expectTypeOf, it } from "vitest";
import {
  createDcsClient,
  type DcsPaths,
  type JobStatus,
  type MigrationStatus,
  type MigrationTask,
  type ServiceError,
  type TaskStatus,
} from "../src/index.node.js";

const client = createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: "p" });
const path = { params: { path: { task_id: "t" } } };

describe("client types", () => {
  it("types every operation of the document, 204s with no data and a DELETE with a body", async () => {
    const exchanged = await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
      ...path,
      body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: false },
    });
    expectTypeOf(exchanged.data).toEqualTypeOf<undefined>();
    const stopped = await client.POST("/v2/{project_id}/migration-task/{task_id}/sync-stop", path);
    expectTypeOf(stopped.data).toEqualTypeOf<undefined>();
    const deleted = await client.DELETE("/v2/{project_id}/migration-tasks/delete", { body: { task_id_list: ["t"] } });
    expectTypeOf(deleted.data!.task_id_list).toEqualTypeOf<string[] | null | undefined>();
    // @ts-expect-error the DELETE needs its body
    void client.DELETE("/v2/{project_id}/migration-tasks/delete", {});
    const stats = await client.GET("/v2/{project_id}/migration-task/{task_id}/stats", path);
    expectTypeOf(stats.data!.offset).toEqualTypeOf<string | number | null | undefined>();
    const job = await client.GET("/v2/{project_id}/jobs/{job_id}", { params: { path: { job_id: "j" } } });
    expectTypeOf(job.data!.status).toEqualTypeOf<JobStatus | (string & {}) | null | undefined>();
    const list = await client.GET("/v2/{project_id}/migration-tasks", { params: { query: { offset: 0, limit: 10 } } });
    expectTypeOf(list.data!.count).toEqualTypeOf<number | null | undefined>();
    // @ts-expect-error request enums are closed, in queries too
    void client.GET("/v2/{project_id}/migration-task/{task_id}/logs", { params: { path: { task_id: "t" }, query: { log_level: "WARN" } } });
    const viaRequest = await client.request("get", "/v2/{project_id}/migration-task/{task_id}", path);
    expectTypeOf(viaRequest.data).toEqualTypeOf<MigrationTask | undefined>();
  });

  it("types responses from the document, with open enums that keep their known values", async () => {
    const { data, error } = await client.GET("/v2/{project_id}/migration-task/{task_id}", path);
    expectTypeOf(data).toEqualTypeOf<MigrationTask | undefined>();
    expectTypeOf(data!.status).toEqualTypeOf<MigrationStatus | (string & {}) | null | undefined>();
    // Responses are typed as they can really arrive: optional, and null where the service nulls.
    expectTypeOf(data!.description).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(data!.source_instance!.addrs).toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Extract<TaskStatus, "INCRMIGEATING">>().toEqualTypeOf<"INCRMIGEATING">();
    expectTypeOf<TaskStatus>().toMatchTypeOf<string>();
    expectTypeOf<"A_STATUS_ADDED_LATER">().toMatchTypeOf<TaskStatus>();
    expectTypeOf(error!.error_code).toEqualTypeOf<string>();
    expectTypeOf<ServiceError>().toHaveProperty("error_ext_msg");
  });

  it("never asks for project_id, and refuses it", () => {
    void client.POST("/v2/{project_id}/migration-task/batch-stop", { body: { migration_tasks: ["t"] } });
    type ShowPath = DcsPaths["/v2/{project_id}/migration-task/{task_id}"]["get"]["parameters"]["path"];
    expectTypeOf<ShowPath>().toEqualTypeOf<{ task_id: string }>();
    expectTypeOf<keyof ShowPath>().toEqualTypeOf<"task_id">();
  });

  it("rejects unknown paths and wrong methods", () => {
    // @ts-expect-error no such path
    void client.GET("/v2/{project_id}/migration-tasks/nope", {});
    // @ts-expect-error ShowMigrationTask is a GET, not a DELETE
    void client.DELETE("/v2/{project_id}/migration-task/{task_id}", path);
  });

  it("requires the task ID", () => {
    // @ts-expect-error missing task_id
    void client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: {} } });
    // @ts-expect-error missing params altogether
    void client.POST("/v2/{project_id}/migration-task/{task_id}/stop");
  });

  it("rejects bad bodies: a missing required field, a wrong enum, a wrong type", () => {
    void client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...path,
      // @ts-expect-error resume_mode is required
      body: { migration_method: "full_amount_migration", source_instance: { id: "s" }, target_instance: { id: "t" } },
    });
    void client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...path,
      // @ts-expect-error request enums are closed
      body: { migration_method: "sideways", resume_mode: "auto", source_instance: { id: "s" }, target_instance: { id: "t" } },
    });
    // @ts-expect-error an unknown top-level field (openapi-fetch's own signature lets this through)
    void client.POST("/v2/{project_id}/migration-tasks/batch-restart", { body: { migration_tasks: ["t"], force: true } });
    // @ts-expect-error migration_tasks is an array of strings
    void client.POST("/v2/{project_id}/migration-task/batch-stop", { body: { migration_tasks: "t1,t2" } });
    void client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...path,
      // @ts-expect-error a side needs id or addrs
      body: { migration_method: "full_amount_migration", resume_mode: "auto", source_instance: { password: "x" }, target_instance: { id: "t" } },
    });
    void client.POST("/v2/{project_id}/migration-task", {
      body: {
        task_name: "t",
        migration_type: "backupfile_import",
        migration_method: "full_amount_migration",
        // @ts-expect-error a typo in a nested request object (target_instance.pasword)
        target_instance: { id: "d2c8399f", pasword: "x" },
      },
    });
    void client.POST("/v2/{project_id}/migration-task", {
      body: {
        task_name: "t",
        migration_type: "backupfile_import",
        migration_method: "full_amount_migration",
        // @ts-expect-error a typo two levels down (backup_files.files[].filename)
        backup_files: { file_source: "self_build_obs", bucket_name: "b", files: [{ filename: "dump.rdb" }] },
        target_instance: { id: "d2c8399f" },
      },
    });
    // bandwidth_limit_mb is documented as a string but sent as a number: both compile.
    void client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...path,
      body: {
        migration_method: "incremental_migration",
        resume_mode: "auto",
        bandwidth_limit_mb: 123,
        source_instance: { id: null, addrs: "10.0.0.1:6379" },
        target_instance: { id: "t", addrs: null },
      },
    });
  });
});
