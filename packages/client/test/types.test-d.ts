// Type tests: wrong paths, missing task IDs and bad bodies must not compile.
import { describe, expectTypeOf, it } from "vitest";
import { createDcsClient, type DcsPaths, type MigrationStatus, type MigrationTask, type ServiceError, type TaskStatus } from "../src/index.node.js";

const client = createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: "p" });
const path = { params: { path: { task_id: "t" } } };

describe("client types", () => {
  it("types responses from the document, with open enums that keep their known values", async () => {
    const { data, error } = await client.GET("/v2/{project_id}/migration-task/{task_id}", path);
    expectTypeOf(data).toEqualTypeOf<MigrationTask | undefined>();
    expectTypeOf(data!.status).toEqualTypeOf<MigrationStatus | (string & {}) | undefined>();
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
    // @ts-expect-error migration_tasks is an array of strings
    void client.POST("/v2/{project_id}/migration-task/batch-stop", { body: { migration_tasks: "t1,t2" } });
    void client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...path,
      // @ts-expect-error a side needs id or addrs
      body: { migration_method: "full_amount_migration", resume_mode: "auto", source_instance: { password: "x" }, target_instance: { id: "t" } },
    });
    // bandwidth_limit_mb is documented as a string but sent as a number: both compile.
    void client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...path,
      body: { migration_method: "incremental_migration", resume_mode: "auto", bandwidth_limit_mb: 123, source_instance: { id: null, addrs: "10.0.0.1:6379" }, target_instance: { id: "t", addrs: null } },
    });
  });
});
