// The service itself: an HTTP server that Prism's validating proxy (--errors) forwards the API to,
// and which nothing else reaches. It routes by the document's paths to operations.ts and sends
// each answer projected on its documented response schema, so Prism sees only what the document
// documents; anything else it would turn into a 500 naming the violation.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DcsErrors, LOG_LEVEL } from "@dcs-migration/client";
import type { OperationId } from "@dcs-migration/client/operations";
import { type Answer, requestId, serviceError } from "./answers.js";
import { route } from "./document.js";
import { INVENTED } from "./invented.js";
import { type BodyOf, dispatch } from "./operations.js";
import type { Projects } from "./projects.js";
import type { RealMigrations } from "./real.js";
import { project } from "./views.js";

export interface RunningService {
  url: string;
  close(): Promise<void>;
}

export async function startService(projects: Projects, real?: RealMigrations): Promise<RunningService> {
  async function answer(method: string, rawUrl: string, text: string): Promise<Answer> {
    const url = new URL(rawUrl, "http://service");
    const found = route(method, url.pathname);
    // Prism answers these before they get here; a defect if one does.
    if (typeof found === "string") return serviceError(found === "no-path" ? DcsErrors.URL_NOT_FOUND : DcsErrors.METHOD_NOT_ALLOWED);
    const projectId = String(found.path.project_id);
    const { model, operations } = projects.of(projectId);
    if (!(found.op.operationId in operations)) return serviceError(DcsErrors.INTERNAL_ERROR, `the sandbox does not implement ${found.op.operationId}`);
    // Typed: a name below that is no operation of the document does not compile.
    const operationId = found.op.operationId as OperationId;
    const body = text ? JSON.parse(text) : undefined;
    // Copies between backed instances (real.ts): their servers are read before the answer and after
    // it, and a configure whose source and target are both backed copies for real.
    await real?.refresh(model, projectId);
    const configuring = operationId === "SetOnlineMigrationTask";
    // Prism has checked the body: SetOnlineMigrationTask always has its source and target.
    const sides = configuring ? real?.sidesOf(body) : undefined;
    const task = configuring && real ? model.task(projectId, String(found.path.task_id)) : undefined;
    // Copying for real or not is decided by this configure: backed sides, or an emulated copy.
    const previous = task?.real;
    if (task) {
      if (sides) task.real = {};
      else delete task.real;
    }
    const configured = sides ? task : undefined;
    const answer = dispatch(model, operations, operationId, {
      projectId,
      path: found.path,
      // Prism forwards the query form-encoded: a "+" was a space.
      query: Object.fromEntries(new URLSearchParams(url.search.replace(/\+/g, "%20"))),
      body,
    });
    // A configure refused changes nothing.
    if (task && answer.status >= 300) {
      if (previous) task.real = previous;
      else delete task.real;
    }
    if (configured && sides && real && answer.status < 300) await real.start(model, configured, sides);
    // One side backed and the other not (a mistyped ID or address?): emulated, and the log says so.
    const half = configuring && real && answer.status < 300 ? real.halfBacked(body) : undefined;
    if (half && task) model.log(task, LOG_LEVEL.INFO, INVENTED.halfBacked(half));
    if (real && operationId === "BatchRestartOnlineMigrationTasks" && answer.status < 300) {
      for (const id of (body as BodyOf<"BatchRestartOnlineMigrationTasks">).migration_tasks) {
        const restarted = model.task(projectId, id);
        if (restarted?.real) await real.restart(model, restarted);
      }
    }
    const switching = operationId === "ExchangeInstanceIp" || operationId === "RollbackExchangeInstanceIp";
    if (real && switching && answer.status < 300) {
      const switched = model.task(projectId, String(found.path.task_id));
      if (switched?.real && !switched.switchFails) await real.switchIps(model, switched, operationId === "RollbackExchangeInstanceIp");
    }
    await real?.refresh(model, projectId);
    const schema = found.op.responses.get(String(answer.status));
    return answer.body === undefined ? answer : { ...answer, body: project(schema, answer.body) };
  }

  const server: Server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => {
      void (async () => {
        let reply: Answer;
        try {
          reply = await answer(String(req.method), String(req.url), text);
        } catch (error) {
          reply = serviceError(DcsErrors.INTERNAL_ERROR, `sandbox defect: ${(error as Error).message}`);
        }
        const headers: Record<string, string> = { "X-Request-Id": requestId(), ...reply.headers };
        if (reply.body === undefined) {
          res.writeHead(reply.status, headers);
          res.end();
          return;
        }
        res.writeHead(reply.status, { ...headers, "Content-Type": "application/json" });
        res.end(JSON.stringify(reply.body));
      })();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
