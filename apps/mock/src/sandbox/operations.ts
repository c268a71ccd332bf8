// What the service does for each operation of the document, keyed by operationId (the routes come
// from the document). Prism has validated every request before it gets here. Which statuses allow
// an operation is the document's (`x-dcs-allowed-statuses`); the preconditions no status can say
// (an IP switch needs a DCS instance as its source) are written here, next to their operation.
import {
  BATCH_RESULT,
  type ConfigMigrationInstanceBody,
  type CreateMigrationTaskBody,
  DcsErrors,
  type LogLevel,
  MIGRATION_METHOD,
  MIGRATION_TYPE,
  type operations,
} from "@dcs-migration/client";
import type { OperationId } from "@dcs-migration/client/operations";
import { type Answer, type ServiceAnswer, serviceError } from "./answers.js";
import { type DocumentOperation, operationById } from "./document.js";
import { INVENTED } from "./invented.js";
import type { Model, Side, Task } from "./model.js";
import { jobInfo, logEntry, taskDetail, taskListItem, taskStats } from "./views.js";

/** The request body operation `K` takes, as the document (through the client's types) defines it. */
export type BodyOf<K extends OperationId> = operations[K] extends { requestBody: { content: { "application/json": infer B } } }
  ? B
  : operations[K] extends { requestBody?: { content: { "application/json": infer B } } }
    ? B | undefined
    : undefined;

/** Whether operation `K`'s path names a task (`{task_id}`), as the document says. */
type NamesTask<K extends OperationId> = operations[K] extends { parameters: { path: { task_id: string } } } ? true : false;

/** A call as it arrives: its body already checked against the document by Prism. */
export interface Request<K extends OperationId = OperationId> {
  projectId: string;
  path: Record<string, string>;
  query: Record<string, string>;
  body: BodyOf<K>;
}

/**
 * One call of operation `K`, as its handler gets it: when its path names a task, the task, found and
 * allowed in its status (`dispatch` answered for it otherwise).
 */
export interface Call<K extends OperationId = OperationId> extends Request<K> {
  task: NamesTask<K> extends true ? Task : undefined;
}
export type Handler<K extends OperationId = OperationId> = (call: Call<K>) => Answer;

const notFound = () => serviceError(DcsErrors.TASK_NOT_FOUND);

/** Why `task`'s status does not allow the operation, as the refusal the document names; undefined when it does. */
export function refusal(op: DocumentOperation, task: Task): ServiceAnswer | undefined {
  const allowed = op.allowed;
  if (!allowed) return undefined;
  const special = allowed.refusedWhile.get(task.status);
  if (special) return serviceError(special, `${op.operationId} waits for the task to leave ${task.status}`);
  if (!allowed.status.includes(task.status)) {
    return serviceError(allowed.refused, `${op.operationId} is not allowed while the task is ${task.status}; it is allowed in ${allowed.status.join(", ")}`);
  }
  if (allowed.task_status && !allowed.task_status.includes(task.switch)) {
    const allowedSwitch = allowed.task_status.map((s) => s ?? "no switch yet").join(", ");
    return serviceError(
      allowed.refused,
      `${op.operationId} is not allowed while task_status is ${task.switch ?? "empty"}; it is allowed with ${allowedSwitch}`,
    );
  }
  return undefined;
}

const op = (operationId: string) => {
  const found = operationById.get(operationId);
  if (!found) throw new Error(`sandbox: the document has no operation ${operationId}`);
  return found;
};

/** A source or target as configured: the password is never kept. */
function sideOf(body: ConfigMigrationInstanceBody | CreateMigrationTaskBody["target_instance"] | undefined, n: number): Side | undefined {
  if (!body) return undefined;
  const { id, addrs } = body as { id?: string | null; addrs?: string | null };
  if (id) return { id, name: `dcs-${id.slice(0, 8)}`, ip: `192.168.0.${10 + n}`, port: INVENTED.instancePort, ...(addrs ? { addrs } : {}) };
  const [ip, port] = String(addrs).split(",")[0]?.split(":") ?? [];
  return { addrs: String(addrs), ...(ip ? { ip } : {}), ...(port ? { port: Number(port) } : {}) };
}

const page = <T>(items: T[], query: Record<string, string>) => {
  const offset = Number(query.offset ?? 0);
  const limit = Number(query.limit ?? 10);
  return items.slice(offset, offset + limit);
};

/** A handler for every operation of the document: one missing (a new operation) is a compile error. */
export type Operations = { [K in OperationId]: Handler<K> };

/**
 * Runs operation `operationId` for `request`. What every operation on a task says first is said once
 * here: a task the project does not have is not found, and a status the document does not allow the
 * operation in gets the refusal the document names.
 */
export function dispatch(model: Model, handlers: Operations, operationId: OperationId, request: Request): Answer {
  const taskId = request.path.task_id;
  let task: Task | undefined;
  if (taskId !== undefined) {
    task = model.task(request.projectId, taskId);
    if (!task) return notFound();
    const refused = refusal(op(operationId), task);
    if (refused) return refused;
  }
  // The one place a call meets its operation's types: Prism has checked the body against the document.
  return (handlers[operationId] as Handler)({ ...request, task } as Call);
}

export function createOperations(model: Model): Operations {
  const notOnline = (task: Task, what: string) =>
    serviceError(DcsErrors.TASK_STATE_FORBIDS, `${what} applies to online migration tasks; ${task.id} is a backup import`);

  return {
    CreateOnlineMigrationTask({ projectId, body }) {
      const { name, description, vpc_id, subnet_id, security_group_id } = body;
      const task = model.createOnline(projectId, { name, ...(description ? { description } : {}), vpc: { vpc_id, subnet_id, security_group_id } });
      return { status: 200, body: { instance_id: task.id, job_id: task.job?.id } };
    },

    ShowJobInfo({ projectId, path }) {
      const job = model.job(projectId, String(path.job_id));
      return job ? { status: 200, body: jobInfo(job) } : notFound();
    },

    SetOnlineMigrationTask({ task, body }) {
      if (task.kind !== MIGRATION_TYPE.online_migration) return notOnline(task, "SetOnlineMigrationTask");
      Object.assign(task, {
        method: body.migration_method,
        resumeMode: body.resume_mode,
        bandwidthLimitMb: body.bandwidth_limit_mb === undefined ? undefined : String(body.bandwidth_limit_mb),
        source: sideOf(body.source_instance, 1),
        target: sideOf(body.target_instance, 2),
        switch: null,
      });
      model.startFullCopy(task, "configured");
      return { status: 200, body: { id: task.id, name: task.name, status: task.status, error: "" } };
    },

    ShowMigrationTask: ({ task }) => ({ status: 200, body: taskDetail(task) }),

    ShowMigrationTaskStats: ({ task }) => ({ status: 200, body: taskStats(task, model.now()) }),

    ListMigrationTask({ projectId, query }) {
      const all = model.list(projectId).filter((t) => query.name === undefined || t.name === query.name);
      return { status: 200, body: { count: all.length, migration_tasks: page(all, query).map(taskListItem) } };
    },

    ListMigrationTaskLogs({ task, query }) {
      const level = query.log_level as LogLevel | undefined;
      const entries = task.logs.filter((e) => level === undefined || e.level === level);
      return { status: 200, body: { log_num: entries.length, migration_logs: page(entries, query).map(logEntry) } };
    },

    StopMigrationTask({ task }) {
      model.stop(task);
      return { status: 200, body: taskDetail(task) };
    },

    StopMigrationTaskSync({ task }) {
      model.stop(task);
      return { status: 204 };
    },

    BatchStopMigrationTasks({ projectId, body }) {
      const results = body.migration_tasks.map((taskId) => {
        const task = model.task(projectId, taskId);
        const refused = task ? refusal(op("BatchStopMigrationTasks"), task) : notFound();
        if (refused) return { result: BATCH_RESULT.failed, task_id: taskId, error_code: refused.body.error_code, error_msg: refused.body.error_msg };
        model.stop(task as Task);
        return { result: BATCH_RESULT.success, task_id: taskId };
      });
      return { status: 200, body: { migration_tasks: results } };
    },

    BatchRestartOnlineMigrationTasks({ projectId, body }) {
      const results = body.migration_tasks.map((taskId) => {
        const task = model.task(projectId, taskId);
        const refused = !task
          ? notFound()
          : task.kind !== MIGRATION_TYPE.online_migration || !task.method
            ? serviceError(DcsErrors.TASK_STATE_FORBIDS, `${taskId} is not a configured online migration task`)
            : refusal(op("BatchRestartOnlineMigrationTasks"), task);
        if (refused) return { result: BATCH_RESULT.failed, task_id: taskId, error_code: refused.body.error_code, error_msg: refused.body.error_msg };
        model.startFullCopy(task as Task, "restarted");
        return { result: BATCH_RESULT.success, task_id: taskId };
      });
      return { status: 200, body: { migration_tasks: results } };
    },

    CreateMigrationTask({ projectId, body }) {
      const b = body;
      const target = sideOf(b.target_instance, 2);
      const task = model.createImport(projectId, {
        name: b.task_name,
        ...(b.description ? { description: b.description } : {}),
        method: b.migration_method,
        ...(b.backup_files ? { backupFiles: { ...b.backup_files, files: [...(b.backup_files.files ?? [])] } } : {}),
        ...(target ? { target } : {}),
      });
      return { status: 200, body: { id: task.id, name: task.name, status: task.status, error: "" } };
    },

    UpdateMigrationTask({ task, body }) {
      if (task.kind !== MIGRATION_TYPE.online_migration) return notOnline(task, "UpdateMigrationTask");
      task.resumeMode = body.resume_mode;
      return { status: 200 };
    },

    ExchangeInstanceIp({ task, body }) {
      // The service switches IPs only between two DCS instances, on an incremental migration (dcs-workflows.md §2.2).
      if (!task.source?.id) {
        return serviceError(
          DcsErrors.TASK_STATE_FORBIDS,
          "ExchangeInstanceIp switches IPs between two DCS instances: this task's source is a self-built Redis (source_instance.addrs); configure the source by source_instance.id",
        );
      }
      if (task.method !== MIGRATION_METHOD.incremental_migration) {
        return serviceError(DcsErrors.TASK_STATE_FORBIDS, "ExchangeInstanceIp needs a task configured as incremental_migration");
      }
      model.exchangeIps(task, body?.exchanged_ip ?? []);
      return { status: 204 };
    },

    RollbackExchangeInstanceIp({ task }) {
      if (task.rollingBack) return serviceError(DcsErrors.TASK_STATE_FORBIDS, "a rollback of this task's IP switch is already under way");
      model.rollbackIps(task);
      return { status: 204 };
    },

    DeleteMigrationTask({ projectId, body }) {
      // Unknown and already deleted IDs are ignored, as the service does; a task still moving cannot be deleted.
      const found = body.task_id_list.map((id) => model.task(projectId, id)).filter((t): t is Task => t !== undefined && t.deletedAt === undefined);
      for (const task of found) {
        const refused = refusal(op("DeleteMigrationTask"), task);
        if (refused) return serviceError(DcsErrors.TASK_STATE_FORBIDS, `${task.id}: ${refused.body.error_ext_msg}`);
      }
      for (const task of found) model.remove(task);
      return { status: 200, body: { task_id_list: found.map((t) => t.id) } };
    },
  };
}
