// A whole online migration with @dcs-migration/client: create the task, wait for the job that
// creates its migration ECS, configure it, watch the full copy with a progress bar, switch the IPs
// and roll the switch back, stop the migration, delete the task.
//
//   DCS_REGION=cn-north-4 DCS_PROJECT_ID=... CLOUD_SDK_AK=... CLOUD_SDK_SK=... \
//   DCS_VPC_ID=... DCS_SUBNET_ID=... DCS_SECURITY_GROUP_ID=... \
//   DCS_SOURCE_ADDRS=10.0.0.5:6379 DCS_TARGET_ID=<DCS instance ID> DCS_EXCHANGED_IP=10.0.0.9 \
//   node online-migration.js
import { pathToFileURL } from "node:url";
import {
  createDcsClient,
  credentialsFromEnv,
  type DcsClient,
  deleteMigrationTasks,
  type TaskProgressEvent,
  unwrap,
  waitForIpExchange,
  waitForJob,
  waitForMigrationTask,
} from "@dcs-migration/client";

export interface MigrationPlan {
  name: string;
  /** Where the migration ECS goes: it must reach both Redis. */
  vpcId: string;
  subnetId: string;
  securityGroupId: string;
  /** A self-built Redis by address, or a DCS instance by ID. */
  source: { addrs: string; password?: string } | { id: string; password?: string };
  target: { id: string; password?: string };
  /** The IPs to switch between source and target once the sync is incremental. */
  exchangedIps: string[];
  /** Between two polls; the helpers' defaults (5 to 10 s) fit the real service. */
  intervalMs?: number;
}

/** Runs the whole migration, writing its progress to `out`; resolves once the task is deleted. */
export async function runOnlineMigration(client: DcsClient, plan: MigrationPlan, out: { write(text: string): unknown }): Promise<string> {
  const polling = plan.intervalMs === undefined ? {} : { intervalMs: plan.intervalMs };
  const say = (line: string) => out.write(`${line}\n`);

  const created = unwrap(
    await client.POST("/v2/{project_id}/migration/instance", {
      body: { name: plan.name, vpc_id: plan.vpcId, subnet_id: plan.subnetId, security_group_id: plan.securityGroupId },
    }),
  );
  // The task ID comes back as `instance_id`; the job that creates its ECS as the undocumented `job_id`.
  const taskId = created.instance_id;
  if (!taskId || !created.job_id) throw new Error(`CreateOnlineMigrationTask answered without a task or job ID: ${JSON.stringify(created)}`);
  say(`created migration task ${taskId}; waiting for job ${created.job_id} to create its migration ECS`);
  await waitForJob(client, created.job_id, polling);

  unwrap(
    await client.POST("/v2/{project_id}/migration/{task_id}/task", {
      params: { path: { task_id: taskId } },
      body: { migration_method: "incremental_migration", resume_mode: "auto", source_instance: plan.source, target_instance: plan.target },
    }),
  );
  say("configured: full copy, then incremental sync");
  await waitForMigrationTask(client, taskId, { ...polling, until: "INCRMIGEATING", onProgress: (event) => out.write(progressBar(event)) });
  say("\nincremental sync running: switching the IPs");

  const path = { params: { path: { task_id: taskId } } };
  unwrap(
    await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
      ...path,
      body: { exchanged_ip: plan.exchangedIps, is_exchange_domain: false },
    }),
  );
  await waitForIpExchange(client, taskId, polling);
  say("IPs switched: clients now reach the target; rolling back, to show how");
  unwrap(await client.POST("/v2/{project_id}/migration-task/{task_id}/rollback-ip", path));
  await waitForIpExchange(client, taskId, { ...polling, rollback: true });
  say("IP switch rolled back");

  unwrap(await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", path));
  await waitForMigrationTask(client, taskId, { ...polling, until: "TERMINATED" });
  say("migration stopped");
  await deleteMigrationTasks(client, [taskId], polling);
  say(`migration task ${taskId} deleted`);
  return taskId;
}

/** `\r[########------------] 42% full copy, 425 of 1000 keys`, redrawn in place. */
export function progressBar({ task, stats }: TaskProgressEvent): string {
  const percent = Math.max(0, Math.min(100, stats?.full_migration_progress ?? 0));
  const filled = Math.round(percent / 5);
  const keys = stats?.target_dbsize === undefined ? "" : `, ${stats.target_dbsize} of ${stats.source_dbsize ?? "?"} keys`;
  return `\r[${"#".repeat(filled)}${"-".repeat(20 - filled)}] ${percent}% ${task.status ?? ""}${keys}   `;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`set ${name} (see the top of this file)`);
    return value;
  };
  const client = createDcsClient({ region: env("DCS_REGION"), projectId: env("DCS_PROJECT_ID"), credentials: credentialsFromEnv() });
  await runOnlineMigration(
    client,
    {
      name: "dcs-migration-example",
      vpcId: env("DCS_VPC_ID"),
      subnetId: env("DCS_SUBNET_ID"),
      securityGroupId: env("DCS_SECURITY_GROUP_ID"),
      source: { addrs: env("DCS_SOURCE_ADDRS"), ...(process.env.DCS_SOURCE_PASSWORD ? { password: process.env.DCS_SOURCE_PASSWORD } : {}) },
      target: { id: env("DCS_TARGET_ID"), ...(process.env.DCS_TARGET_PASSWORD ? { password: process.env.DCS_TARGET_PASSWORD } : {}) },
      exchangedIps: [env("DCS_EXCHANGED_IP")],
    },
    process.stdout,
  );
}
