// A consumer calling ten operations with the client: what an editor type-checks as users type.
import { createDcsClient } from "../../dist/index.js";

const client = createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: "p" });
export const r0 = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: "t" } } });
export const r1 = await client.GET("/v2/{project_id}/migration-tasks", { params: { query: { offset: 0, limit: 10 } } });
export const r2 = await client.GET("/v2/{project_id}/migration-task/{task_id}/stats", { params: { path: { task_id: "t" } } });
export const r3 = await client.GET("/v2/{project_id}/jobs/{job_id}", { params: { path: { job_id: "j" } } });
export const r4 = await client.POST("/v2/{project_id}/migration/instance", { body: { name: "n", vpc_id: "v", subnet_id: "s", security_group_id: "g" } });
export const r5 = await client.POST("/v2/{project_id}/migration/{task_id}/task", {
  params: { path: { task_id: "t" } },
  body: { migration_method: "incremental_migration", resume_mode: "auto", source_instance: { addrs: "10.0.0.1:6379" }, target_instance: { id: "x" } },
});
export const r6 = await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", { params: { path: { task_id: "t" } } });
export const r7 = await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
  params: { path: { task_id: "t" } },
  body: { exchanged_ip: ["10.0.0.9"], is_exchange_domain: false },
});
export const r8 = await client.DELETE("/v2/{project_id}/migration-tasks/delete", { body: { task_id_list: ["t"] } });
export const r9 = await client.PUT("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: "t" } }, body: { resume_mode: "auto" } });
