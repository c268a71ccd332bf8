// `dcs-migrate switch-ip TASK_ID` and `rollback-ip TASK_ID`: asked first, then waited for; a failed
// switch is exit 5.
import { unwrap } from "@dcs-migration/client";
import type { Context } from "../context.js";
import { EXIT, usage } from "../exit.js";
import { switchDetails } from "../prompts.js";
import { watchSwitch } from "../waits.js";

export function ipCommand(rollback: boolean) {
  return async (ctx: Context): Promise<number> => {
    const [taskId, ...extra] = ctx.positionals;
    const name = rollback ? "rollback-ip" : "switch-ip";
    if (!taskId || extra.length) throw usage(`${name} takes one task: dcs-migrate ${name} TASK_ID`);
    const client = ctx.client();
    const params = { params: { path: { task_id: taskId } } };
    if (rollback) {
      await ctx.confirm(`roll back the IP switch of task ${taskId}`);
      unwrap(await client.POST("/v2/{project_id}/migration-task/{task_id}/rollback-ip", params));
    } else {
      const ips = ((ctx.values["exchanged-ip"] as string[] | undefined) ?? []).flatMap((ip) => ip.split(",")).filter(Boolean);
      const body = { exchanged_ip: ips, is_exchange_domain: Boolean(ctx.values["exchange-domain"]) };
      // What will switch is read only when it is to be asked: without a terminal the refusal comes first.
      const task = ctx.canConfirm() && !ctx.values.yes ? unwrap(await client.GET("/v2/{project_id}/migration-task/{task_id}", params)) : undefined;
      await ctx.confirm(
        `switch the IPs of task ${taskId}'s source and target`,
        task ? switchDetails(task.source_instance ?? undefined, task.target_instance ?? undefined, body) : [],
      );
      unwrap(
        await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
          ...params,
          body,
        }),
      );
    }
    ctx.reporter.step(rollback ? `rollback of the IP switch of ${taskId} started` : `IP switch of ${taskId} started`, { task_id: taskId });
    const task = await watchSwitch(ctx, taskId, rollback);
    ctx.reporter.done({ task_id: taskId, status: task.status ?? null, task_status: task.task_status ?? null }, `task ${taskId}: ${task.task_status}`);
    return EXIT.OK;
  };
}
