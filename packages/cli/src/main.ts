// dcs-migrate's commands: the command line parsed, the context made, the command run, and whatever
// ends it turned into an exit code (help.ts lists them) with what to do.
import { findCommand, nearest, parseCommandLine } from "./args.js";
import { type Context, createContext } from "./context.js";
import { CliError, EXIT, toCliError, usage } from "./exit.js";
import { COMMANDS, commandHelp, mainHelp } from "./help.js";
import { createReporter } from "./output.js";
import { refusalHint } from "./refusal.js";

type Options = Parameters<typeof parseCommandLine>[2];
type Run = (ctx: Context, args: string[]) => Promise<number>;
type Command = { options: Options; run: Run };

/** A command's module is loaded only when it runs: --help and the other commands do not pay for it. */
const lazy =
  <K extends string>(load: () => Promise<{ [key in K]: Run }>, name: K): Run =>
  async (ctx, args) =>
    (await load())[name](ctx, args);

const COMMAND_TABLE: Record<string, Command> = {
  validate: { options: { each: { type: "string" } }, run: lazy(() => import("./commands/validate.js"), "validate") },
  run: {
    options: {
      "dry-run": { type: "boolean" },
      restart: { type: "boolean" },
      state: { type: "string" },
      "skip-check": { type: "boolean" },
      "skip-verify": { type: "boolean" },
      "connect-timeout": { type: "string" },
      each: { type: "string" },
      "state-dir": { type: "string" },
      parallel: { type: "string" },
      "max-failures": { type: "string" },
      summary: { type: "string" },
      only: { type: "string" },
      "hold-switch": { type: "boolean" },
    },
    run: lazy(() => import("./commands/run.js"), "run"),
  },
  check: { options: { "connect-timeout": { type: "string" } }, run: lazy(() => import("./commands/check.js"), "check") },
  verify: {
    options: {
      sample: { type: "string" },
      full: { type: "boolean" },
      rounds: { type: "string" },
      "after-switch": { type: "boolean" },
      "connect-timeout": { type: "string" },
    },
    run: lazy(() => import("./commands/verify.js"), "verifyCommand"),
  },
  status: { options: { each: { type: "string" }, "state-dir": { type: "string" } }, run: lazy(() => import("./commands/status.js"), "status") },
  wait: { options: { until: { type: "string", multiple: true } }, run: lazy(() => import("./commands/wait.js"), "wait") },
  logs: { options: { follow: { type: "boolean" }, level: { type: "string" } }, run: lazy(() => import("./commands/logs.js"), "logs") },
  "switch-ip": {
    options: { "exchanged-ip": { type: "string", multiple: true }, "exchange-domain": { type: "boolean" } },
    run: async (ctx) => (await import("./commands/ip.js")).ipCommand(false)(ctx),
  },
  "rollback-ip": { options: {}, run: async (ctx) => (await import("./commands/ip.js")).ipCommand(true)(ctx) },
  stop: { options: {}, run: lazy(() => import("./commands/tasks.js"), "stop") },
  restart: { options: {}, run: lazy(() => import("./commands/tasks.js"), "restart") },
  delete: { options: {}, run: lazy(() => import("./commands/tasks.js"), "remove") },
  // The operation's own flags are only known once the operation is: api parses its line itself.
  api: { options: { list: { type: "boolean" } }, run: lazy(() => import("./commands/api.js"), "api") },
};

/** Where dcs-migrate reads and writes: the process's own, or a test's. */
export interface Io {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

export async function main(
  args: string[],
  version: string,
  io: Io = { env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
): Promise<number> {
  const name = findCommand(args);
  const command = name === undefined ? undefined : COMMAND_TABLE[name];
  // The reporter first, so that even a usage error is reported in the mode asked for (--json).
  const json = args.includes("--json");
  const reporter = createReporter({
    json,
    noProgress: args.includes("--no-progress"),
    env: io.env,
    stdout: io.stdout,
    stderr: io.stderr,
    closed: () => outputClosed,
  });
  const controller = new AbortController();
  // A reader that went away (dcs-migrate ... | head) ends the command quietly, as git log | head does:
  // no stack trace, nothing more written. State files are written whole (a rename), never half.
  let outputClosed = false;
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") return;
    outputClosed = true;
    if (!controller.signal.aborted) controller.abort(Object.assign(new Error("the output was closed"), { name: "AbortError" }));
  };
  io.stdout.on("error", onOutputError);
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(EXIT.INTERRUPTED);
    controller.abort(Object.assign(new Error("interrupted"), { name: "AbortError" }));
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  let ctx: Context | undefined;
  try {
    if (!command) {
      if (args.includes("--help") || args.includes("-h")) {
        io.stdout.write(`${mainHelp(version)}\n`);
        return EXIT.OK;
      }
      if (args.includes("--version")) {
        io.stdout.write(`${version}\n`);
        return EXIT.OK;
      }
      const near = name === undefined ? undefined : nearest(name, Object.keys(COMMAND_TABLE));
      throw usage(
        name === undefined ? "no command" : `unknown command ${name}${near ? ` (did you mean ${near}?)` : ""}`,
        `The commands are ${COMMANDS.map((c) => c.name).join(", ")}; dcs-migrate --help says what each does.`,
      );
    }
    const commandArgs = args.filter((_, i) => i !== args.indexOf(name as string));
    const parsed =
      name === "api" ? parseCommandLine(commandArgs, "api", { ...command.options }, true) : parseCommandLine(commandArgs, name as string, command.options);
    if (parsed.values.help && !(name === "api" && parsed.command)) {
      io.stdout.write(`${commandHelp(name as string)}\n`);
      return EXIT.OK;
    }
    ctx = createContext({
      values: parsed.values,
      positionals: [parsed.command, ...parsed.positionals].filter((p): p is string => p !== undefined),
      env: io.env,
      reporter,
      version,
      signal: controller.signal,
      stdin: io.stdin,
      stderr: io.stderr,
    });
    return await command.run(ctx, commandArgs);
  } catch (error) {
    if (outputClosed) return EXIT.INTERRUPTED;
    let failure = controller.signal.aborted ? interrupted(error, name) : toCliError(error);
    const connected = ctx;
    const hint = connected && !controller.signal.aborted ? await refusalHint(error, () => connected.client()).catch(() => undefined) : undefined;
    if (hint) failure = new CliError(failure.exitCode, failure.message, { ...failure.details, hint });
    reporter.error(failure);
    return failure.exitCode;
  } finally {
    reporter.close();
    // The handler stays: a write's EPIPE is emitted on a later tick, after the command has ended.
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
  }
}

/** An error that came of Ctrl-C: exit 130, and what to do next (which only a plan's run can resume). */
function interrupted(error: unknown, command: string | undefined): CliError {
  const known = toCliError(error);
  if (known.exitCode !== EXIT.INTERNAL && known.exitCode !== EXIT.INTERRUPTED) return known;
  return new CliError(EXIT.INTERRUPTED, "interrupted", {
    hint:
      command === "run"
        ? "Nothing is lost: the plan's state is saved after every step, and the same dcs-migrate run resumes it."
        : "Nothing to resume: what was started on the service goes on; run the command again to see it.",
  });
}
