// What dcs-migrate shows a person: run in a real terminal (tmux), its progress line is redrawn in
// place (never two on the screen) and moves; the step lines stay. The same run piped has no ANSI
// byte at all. The shared sandbox's clock moves with each request of the test's own project, so the
// copy lasts the same number of polls whatever the machine's load; every byte written to the
// terminal is recorded, and the screen is read until the run ends, never after a fixed delay.
// A fleet on a terminal: asked once, its board (a line per migration in flight and a totals line)
// redrawn in place while the finished ones scroll above; Ctrl-C in the middle, then a run that
// finishes it with one task per row.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { onlinePlan } from "../../../packages/cli/test/plans.js";
import { bin, runBin, scratch } from "./installed.js";
import { newProject, project, SANDBOX, SANDBOX_CREDENTIALS } from "./sandbox.js";

const PLAN = `version: 1
online_migration:
  create: { name: on-screen, vpc_id: v, subnet_id: s, security_group_id: g }
  configure:
    migration_method: full_amount_migration
    resume_mode: auto
    source_instance: { addrs: "10.0.0.5:6379" }
    target_instance: { id: cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd }
`;
const ENV = () => ({ ...SANDBOX_CREDENTIALS, CLOUD_SDK_PROJECT_ID: newProject() });
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", "dcs-e2e", ...args], { encoding: "utf8" });
const shell = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

/** Runs `command` in a new tmux session in `dir`, every byte it writes also recorded in `raw`. */
function inTmux(dir: string, command: string[]) {
  const session = `run-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const go = `go-${session}`;
  const raw = join(dir, "terminal.raw");
  tmux(
    "new-session",
    ...["-d", "-x", "200", "-y", "50", "-s", session, "-c", dir],
    `tmux -L dcs-e2e wait-for ${go}; ${command.map(shell).join(" ")}; echo "exit $?"; sleep 600`,
  );
  tmux("pipe-pane", "-o", "-t", session, `cat >> ${shell(raw)}`);
  tmux("wait-for", "-S", go);
  return {
    screen: () => tmux("capture-pane", "-p", "-t", session),
    keys: (...keys: string[]) => tmux("send-keys", "-t", session, ...keys),
    record: () => readFileSync(raw, "utf8"),
    kill: () => tmux("kill-session", "-t", session),
  };
}

/** Reads the screen until `done` holds for it, checking `each` on every read. */
async function watch(screen: () => string, done: (screen: string) => boolean, each: (screen: string) => void = () => {}) {
  for (;;) {
    const now = screen();
    each(now);
    if (done(now)) return now;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

describe("dcs-migrate on a terminal", () => {
  it("redraws one progress line in place, which moves, and keeps the step lines", async () => {
    const dir = scratch("tty");
    writeFileSync(join(dir, "plan.yaml"), PLAN);
    const env = Object.entries(ENV()).map(([k, v]) => `${k}=${v}`);
    const command = [
      "env",
      "-u",
      "CI",
      ...env,
      process.execPath,
      bin("dcs-migrate"),
      "run",
      "plan.yaml",
      "--endpoint",
      SANDBOX.url,
      "--poll-interval",
      "300ms",
    ];
    const terminal = inTmux(dir, command);
    try {
      // Redrawn in place: one progress line on the screen, never a stack of them.
      const screen = await watch(
        terminal.screen,
        (s) => /^exit \d+$/m.test(s),
        (s) => expect(s.split("\n").filter((l) => l.startsWith("full copy: FULLMIGRATING")).length).toBeLessThanOrEqual(1),
      );
      expect(screen).toMatch(/^exit 0$/m);
      // Each redraw goes back to the line's start and clears it, then writes the line anew.
      const record = terminal.record();
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the bold a terminal gets starts with ESC.
      const drawn = record.split("\r\x1b[2K").map((r) => /^(?:\x1b\[[\d;]*m)*full copy: FULLMIGRATING\s+([\d.]+)%/.exec(r)?.[1]);
      const percents = new Set(drawn.filter(Boolean));
      expect(percents.size, `the progress drawn: ${[...percents].join(", ")}`).toBeGreaterThanOrEqual(2);
      // Every time it was written, it was redrawn over the last one.
      expect(record.split("full copy: FULLMIGRATING").length - 1).toBe(drawn.filter(Boolean).length);
      for (const step of ["created migration task", "the migration ECS is ready", "configured: full amount migration", "full copy finished", "plan done"]) {
        expect(screen).toContain(step);
      }
    } finally {
      terminal.kill();
    }
  });

  it("writes no ANSI byte when piped, and one plain line per change", async () => {
    const dir = scratch("piped");
    writeFileSync(join(dir, "plan.yaml"), PLAN);
    const run = await runBin("dcs-migrate", ["run", "plan.yaml", "--endpoint", SANDBOX.url, "--poll-interval", "10ms"], ENV(), dir);
    expect(run.code, run.stderr).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is what must not be there.
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\x1b/);
    const progress = run.stderr.split("\n").filter((l) => l.startsWith("full copy:"));
    expect(progress.length).toBeGreaterThan(2);
    expect(new Set(progress.map((l) => l.replace(/\s+elapsed.*$/, ""))).size).toBe(progress.length);
  });
});

const FLEET_TEMPLATE = onlinePlan(
  `    migration_method: full_amount_migration
    resume_mode: auto
    source_instance: { addrs: "\${SOURCE_ADDRESS}" }
    target_instance: { id: "\${TARGET_ID}" }
`,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's own ${NAME}, filled from the row.
  { name: '"${name}"' },
);
const NAMES = ["cache-1", "cache-2", "cache-3", "cache-4", "cache-5", "cache-6"];
const FLEET_CSV = `name,SOURCE_ADDRESS,TARGET_ID\n${NAMES.map((n, i) => `${n},10.0.0.${i + 1}:6379,cf4a05df-1c38-47c5-bb5a-0a7b3673b3${String(i).padStart(2, "0")}`).join("\n")}\n`;

describe("a fleet on a terminal", () => {
  it("asks once, redraws its board in place while the finished scroll above; Ctrl-C saves it (130) and a second run finishes it", async () => {
    const dir = scratch("tty-fleet");
    writeFileSync(join(dir, "template.yaml"), FLEET_TEMPLATE);
    writeFileSync(join(dir, "fleet.csv"), FLEET_CSV);
    const projectId = newProject();
    const vars = { ...SANDBOX_CREDENTIALS, CLOUD_SDK_PROJECT_ID: projectId };
    const args = ["run", "template.yaml", "--each", "fleet.csv", "--state-dir", ".", "--endpoint", SANDBOX.url, "--max-rps", "500"];
    const terminal = inTmux(dir, [
      "env",
      "-u",
      "CI",
      ...Object.entries(vars).map(([k, v]) => `${k}=${v}`),
      process.execPath,
      bin("dcs-migrate"),
      ...args,
      "--parallel",
      "2",
      "--poll-interval",
      "300ms",
    ]);
    // A board line: the name padded, two spaces, then what it is doing (a scrolling line has "name: ",
    // a row of the summary table a task ID or "-").
    const boardLine = /^cache-\d {2}(?![0-9a-f]{8}-|- )\S/;
    try {
      await watch(terminal.screen, (s) => s.includes("Type yes to go ahead"));
      expect(terminal.screen()).toContain("6 migrations: 6 to start, 0 to resume, 0 already done");
      terminal.keys("yes", "Enter");
      let boards = 0;
      // On every read: each migration's board line at most once, and one totals line: redrawn, never stacked.
      const inPlace = (screen: string) => {
        const lines = screen.split("\n");
        for (const name of NAMES) expect(lines.filter((l) => boardLine.test(l) && l.startsWith(`${name} `)).length).toBeLessThanOrEqual(1);
        const totals = lines.filter((l) => /^fleet: \d+ done, \d+ running, \d+ waiting/.test(l)).length;
        expect(totals).toBeLessThanOrEqual(1);
        boards += totals;
      };
      // Ctrl-C once the first migration has finished (its line scrolled above) and others are in flight.
      await watch(terminal.screen, (s) => /^cache-\d: done: task /m.test(s) && /^fleet: [1-5] done, [12] running/m.test(s), inPlace);
      terminal.keys("C-c");
      const final = await watch(terminal.screen, (s) => /^exit \d+$/m.test(s), inPlace);
      expect(final).toMatch(/^exit 130$/m);
      expect(boards).toBeGreaterThan(0);
      // The board is gone from the screen: the summary replaced it.
      expect(final.split("\n").filter((l) => boardLine.test(l) || /^fleet: \d+ done, \d+ running/.test(l))).toEqual([]);
      expect(final).toMatch(/^NAME\s+TASK ID\s+RESULT/m);
      expect(final).toMatch(/^cache-\d\s+\S+\s+interrupted\s/m);
      // Three lines (two in flight and the totals) redrawn by going up two and clearing to the end.
      expect(terminal.record()).toContain("\x1b[2A\r\x1b[2K\x1b[J");
    } finally {
      terminal.kill();
    }
    const rest = await runBin("dcs-migrate", [...args, "--yes", "--poll-interval", "10ms"], vars, dir);
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stderr).toMatch(/6 migrations: \d to start, [1-5] to resume, [1-5] already done/);
    const tasks = await project(projectId).tasks();
    expect(tasks).toHaveLength(6);
    expect(new Set(tasks.map((t) => t.task_id)).size).toBe(6);
  }, 120_000);
});
