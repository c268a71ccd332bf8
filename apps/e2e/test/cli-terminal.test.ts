// What dcs-migrate shows a person: run in a real terminal (tmux), its progress line is redrawn in
// place (never two on the screen) and moves; the step lines stay. The same run piped has no ANSI
// byte at all. The shared sandbox's clock moves with each request of the test's own project, so the
// copy lasts the same number of polls whatever the machine's load; every byte written to the
// terminal is recorded, and the screen is read until the run ends, never after a fixed delay.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, runBin, scratch } from "./installed.js";
import { newProject, SANDBOX, SANDBOX_CREDENTIALS } from "./sandbox.js";

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
    const session = `run-${process.pid}`;
    // The run waits until every byte it writes to the terminal is recorded too (pipe-pane): the
    // redraws are read from that record, not caught on screen between two polls.
    const go = `go-${session}`;
    const raw = join(dir, "terminal.raw");
    tmux(
      "new-session",
      ...["-d", "-x", "200", "-y", "50", "-s", session, "-c", dir],
      `tmux -L dcs-e2e wait-for ${go}; ${command.map(shell).join(" ")}; echo "exit $?"; sleep 600`,
    );
    try {
      tmux("pipe-pane", "-o", "-t", session, `cat >> ${shell(raw)}`);
      tmux("wait-for", "-S", go);
      let screen = "";
      for (;;) {
        screen = tmux("capture-pane", "-p", "-t", session);
        // Redrawn in place: one progress line on the screen, never a stack of them.
        expect(screen.split("\n").filter((l) => l.startsWith("full copy: FULLMIGRATING")).length).toBeLessThanOrEqual(1);
        if (/^exit \d+$/m.test(screen)) break;
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      expect(screen).toMatch(/^exit 0$/m);
      // Each redraw goes back to the line's start and clears it, then writes the line anew.
      const record = readFileSync(raw, "utf8");
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
      tmux("kill-session", "-t", session);
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
