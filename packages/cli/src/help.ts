// What `dcs-migrate --help` and `dcs-migrate COMMAND --help` print. It imports nothing, so that the
// help costs no more than reading it; the docs page's "Command line" section is built from it.

export const EXIT_CODES: ReadonlyArray<readonly [code: number, meaning: string]> = [
  [0, "done"],
  [1, "an internal error of dcs-migrate"],
  [2, "a usage or plan error: nothing was called"],
  [3, "configuration or credentials: one is missing, or the service answered 401 or 403"],
  [4, "the service refused a request (its error code and the catalogue's fix are printed)"],
  [5, "the migration failed: task FAILED or MIGRATION_FAILED, job FAIL, or the IP switch failed"],
  [6, "a wait timed out, or the task stood still for --stall-after"],
  [7, "a Redis check failed or the data differs (check, verify, and run with a redis: section)"],
  [8, "the service could not be reached (connection refused, DNS, reset): the message names the endpoint"],
  [9, "the state file could not be written after a task was created: the message names the task and how to resume"],
  [130, "interrupted (Ctrl-C), or a question answered no; a plan's state is saved, so a second run resumes"],
];

export interface CommandHelp {
  name: string;
  usage: string;
  summary: string;
  details: string;
}

export const COMMANDS: readonly CommandHelp[] = [
  {
    name: "validate",
    usage: "dcs-migrate validate PLAN... | TEMPLATE --each INVENTORY",
    summary: "check a plan file; every mistake is listed with its line and column",
    details:
      "A plan is YAML (or JSON) whose sections are the API's request bodies:\n" +
      "  version: 1\n" +
      "  online_migration:\n" +
      "    create:    CreateOnlineMigrationTask's body (name, vpc_id, subnet_id, security_group_id)\n" +
      "    configure: SetOnlineMigrationTask's body (migration_method, resume_mode, source_instance, target_instance)\n" +
      "    switch_ip: ExchangeInstanceIp's body (exchanged_ip, is_exchange_domain), optional\n" +
      "or version: 1 with backup_import: CreateMigrationTask's body.\n" +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's own ${NAME} syntax, printed as it is written.
      '${NAME} in any string is read from the environment when the plan runs (password: "${SOURCE_REDIS_PASSWORD}").\n' +
      "Exit 0 when the plan is good, 2 otherwise.",
  },
  {
    name: "run",
    usage:
      "dcs-migrate run PLAN... | TEMPLATE --each INVENTORY [--dry-run] [--yes] [--restart] [--state FILE | --state-dir DIR] [--parallel N] [--max-failures N|P%] [--summary FILE] [--hold-switch] [--only NAME,...] [--skip-check] [--skip-verify]",
    summary: "run a plan: create, wait for the job, configure, wait for the copy and the sync, switch IPs",
    details:
      "Create the task, wait for its job, configure it, wait for the copy and (incremental) the sync, then\n" +
      "switch IPs if the plan says so (asked; --yes). A backup import: create it, wait for SUCCESS. Each step\n" +
      "is saved to PLAN.state.json (no secret): run again to resume; a changed value or a gone task stops it.\n" +
      "With redis:, the servers are checked first and the data verified before the switch (exit 7).\n" +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's own ${NAME} syntax, printed as it is written.
      "A fleet: many plans, or TEMPLATE --each INVENTORY (CSV with a name column, or a YAML/JSON list; ${VAR}\n" +
      "from the row, then the environment): all checked first, said and asked once, at most --parallel N\n" +
      "(4) at once, no new start past --max-failures (0); a summary, and the worst exit code (README).\n" +
      "  --dry-run        print every call it would make (stdout), secrets as ***, calling nothing\n" +
      "  --yes            go ahead without asking (IP switches, a fleet)\n" +
      "  --restart        forget the state and start with a new task\n" +
      "  --state F        the state's file (one plan); --state-dir D: every state in D\n" +
      "  --skip-check     do not check the Redis servers first (recorded in the state)\n" +
      "  --skip-verify    do not compare the data\n" +
      "  --summary F      write the fleet's summary as JSON\n" +
      "  --hold-switch    stop each migration just before its IP switch (a later run switches them)\n" +
      "  --only N[,N...]  act on these migrations of the fleet only (waves)",
  },
  {
    name: "check",
    usage: "dcs-migrate check PLAN [--connect-timeout DURATION]",
    summary: "check that the plan's source and target Redis meet the service's constraints (reads only)",
    details:
      "Connects to the servers of the plan's redis: section (redis: { source: URL, target: URL }; a\n" +
      "self-hosted source defaults to its first address, passwords to the configure section's) and reports\n" +
      "each check as ok, warn, fail or unknown, with the constraint and the fix: reachable and authenticated,\n" +
      "the user's permissions, versions, SYNC and PSYNC not renamed, keys outside DB0 for a single-database\n" +
      "target, keys already on the target, memory, repl-timeout, the replica output buffer and (incremental)\n" +
      "the replication backlog. A check a server will not answer (CONFIG refused) is unknown and fails nothing.\n" +
      "Exit 0 when nothing fails, 7 when a check fails. run checks first whenever the plan has redis:.",
  },
  {
    name: "verify",
    usage: "dcs-migrate verify PLAN [--sample N | --full] [--rounds R] [--after-switch] [--connect-timeout DURATION]",
    summary: "compare the source's data with the target's, reading only; prints key names, never values",
    details:
      "Keys per database on both sides, then keys: a random sample of N (default 1000), or every key with\n" +
      "--full (and then the keys only the target has). Each key: present, same type, same value (every type,\n" +
      "large values in pages), same TTL (within 2 s). A key that differs is read again after a pause, up to\n" +
      "R rounds (default 3), since a sync may still be carrying it. Exit 0 when equal, 7 when it differs.\n" +
      "--after-switch, once the IPs are switched (each address reaching the other instance, which keeps its\n" +
      "password): every key of the old instance, at the target's address, is looked for in the new one, at\n" +
      "the source's; keys only the new one has were written since the switch and are not differences.",
  },
  {
    name: "status",
    usage: "dcs-migrate status [TASK_ID] | PLAN... | TEMPLATE --each INVENTORY [--state-dir DIR]",
    summary: "every task as a table, one task with its progress, or a fleet from its state files",
    details:
      "Without TASK_ID, every migration task of the project (ListMigrationTask, page by page), with the phase,\n" +
      "copy % and offset of those migrating. With plans, or a template and its inventory: each migration's\n" +
      "step (its state file) beside its task's status, phase, copy % and offset. Reads only; no secret needed.",
  },
  {
    name: "wait",
    usage: "dcs-migrate wait TASK_ID [--until STATUS[,STATUS]]",
    summary: "wait for a task, showing its progress",
    details:
      "--until takes statuses of the document (INCRMIGEATING, SUCCESS, TERMINATED...); a status it does not\n" +
      "know is a usage error that lists them. Default: any status that ends a task. Fails (exit 5) when the\n" +
      "task fails or ends otherwise, and exits 6 when it stands still for --stall-after or outlasts --timeout.",
  },
  {
    name: "logs",
    usage: "dcs-migrate logs TASK_ID [--follow] [--level INFO|ERROR]",
    summary: "a task's log; --follow keeps printing new entries until the task ends",
    details: "",
  },
  {
    name: "switch-ip",
    usage: "dcs-migrate switch-ip TASK_ID [--exchanged-ip IP]... [--exchange-domain] [--yes]",
    summary: "switch the source's and target's IPs (asks first), and wait for the switch",
    details: "Only between two DCS instances, during incremental sync (INCRMIGEATING). Exit 5 if the switch fails.",
  },
  {
    name: "rollback-ip",
    usage: "dcs-migrate rollback-ip TASK_ID [--yes]",
    summary: "switch the IPs back (asks first), and wait for the rollback",
    details: "",
  },
  {
    name: "stop",
    usage: "dcs-migrate stop TASK_ID... [--yes]",
    summary: "stop migrations (asks first), and wait until they read TERMINATED",
    details: "",
  },
  {
    name: "restart",
    usage: "dcs-migrate restart TASK_ID...",
    summary: "restart stopped online migrations (a new full copy)",
    details: "",
  },
  {
    name: "delete",
    usage: "dcs-migrate delete TASK_ID... [--yes]",
    summary: "delete tasks that have ended (asks first), confirmed through the task list",
    details: "",
  },
  {
    name: "api",
    usage: "dcs-migrate api OPERATION [--PARAMETER VALUE]... [--body JSON|@FILE|-]   |   dcs-migrate api --list",
    summary: "call any operation of the API; output is the response's JSON",
    details:
      "OPERATION is the operationId in kebab case (show-migration-task); path and query parameters are\n" +
      "flags in kebab case (--task-id, --offset); the body is --body '<json>', --body @file.yaml or --body -\n" +
      "(standard input), checked against the document before anything is sent. Operations that stop,\n" +
      "delete or switch something ask first on a terminal, and need --yes otherwise.\n" +
      "dcs-migrate api --list lists the operations; dcs-migrate api OPERATION --help shows its parameters\n" +
      "and body fields.",
  },
];

const GLOBAL_FLAGS = `Global flags (before or after the command):
  --endpoint URL        the API's base URL (a proxy, the sandbox; or CLOUD_SDK_ENDPOINT)
  --region REGION       the region's endpoint, e.g. cn-north-4 (or CLOUD_SDK_REGION)
  --project-id ID       your project's ID (or CLOUD_SDK_PROJECT_ID)
  --json                JSON Lines on stdout, one event per line; nothing else on stdout
  --no-progress         one plain line per change (also when not a terminal, or CI=true)
  --poll-interval D     between two reads of a wait (default 10s; 5s for jobs and IP switches)
  --timeout D           the longest a wait may take (default 24h; 30m for jobs and IP switches)
  --stall-after D       a task that has not moved for this long has stalled (default 30m)
  --yes                 do what changes production without asking
  --max-rps R           at most R API requests a second (a fleet: 10 unless said; otherwise unpaced)
  -h, --help            this help, or a command's (dcs-migrate run --help)
  --version             the version
Durations: 50ms, 10s, 30m, 24h.

Credentials: CLOUD_SDK_AK and CLOUD_SDK_SK (CLOUD_SDK_SECURITY_TOKEN for temporary ones), as the
official SDKs read them. NO_COLOR turns colours off.`;

/** `dcs-migrate --help`. */
export function mainHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `dcs-migrate ${version}: migrations into Huawei Cloud DCS, from a reviewed plan file`,
    "",
    "Usage: dcs-migrate COMMAND [ARGS] [FLAGS]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    GLOBAL_FLAGS,
    "",
    "Exit codes:",
    ...EXIT_CODES.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`),
  ].join("\n");
}

/** `dcs-migrate COMMAND --help`. */
export function commandHelp(name: string): string | undefined {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return undefined;
  return [
    `Usage: ${command.usage}`,
    "",
    `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.details ? ["", command.details] : []),
    "",
    // The global flags are the same for every command: named here, explained once in dcs-migrate --help.
    "Global flags: --endpoint, --region, --project-id, --json, --no-progress, --poll-interval, --timeout,",
    "--stall-after, --yes, --max-rps (dcs-migrate --help says what each does).",
  ].join("\n");
}
