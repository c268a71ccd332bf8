// What dcs-migrate shows a person: run in a real terminal (tmux), its progress line is redrawn in
// place (never two on the screen) and moves; the step lines stay. The same run piped has no ANSI
// byte at all. The shared sandbox's clock moves with each request of the test's own project, so the
// copy lasts the same number of polls whatever the machine's load; the screen is read until what is
// awaited shows, never after a fixed delay.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
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
    tmux("new-session", "-d", "-x", "200", "-y", "50", "-s", session, "-c", dir, `${command.map(shell).join(" ")}; echo "exit $?"; sleep 600`);
    try {
      const percents = new Set<string>();
      let screen = "";
      for (;;) {
        screen = tmux("capture-pane", "-p", "-t", session);
        const progress = screen.split("\n").filter((l) => l.startsWith("full copy: FULLMIGRATING"));
        // Redrawn in place: one progress line on the screen, never a stack of them.
        expect(progress.length).toBeLessThanOrEqual(1);
        const percent = /FULLMIGRATING\s+([\d.]+)%/.exec(progress[0] ?? "")?.[1];
        if (percent) percents.add(percent);
        if (/^exit \d+$/m.test(screen)) break;
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      expect(screen).toMatch(/^exit 0$/m);
      expect(percents.size, `the progress seen: ${[...percents].join(", ")}`).toBeGreaterThanOrEqual(2);
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
