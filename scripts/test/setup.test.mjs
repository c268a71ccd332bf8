// scripts/setup.mjs: what npm test and .ci/run do about the system tools the tests drive.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { found, plan, TOOLS } from "../setup.mjs";

const SETUP = fileURLToPath(new URL("../setup.mjs", import.meta.url));
const tmux = TOOLS.find((t) => t.name === "tmux");
const redis = TOOLS.find((t) => t.name === "redis-server");

describe("setup", () => {
  it("names every tool the suites drive", () => {
    expect(TOOLS.map((t) => t.name)).toEqual(["chromium", "tmux", "redis-server", "redis-cli", "openssl"]);
  });

  it("finds a tool on PATH only when it is there and executable", ({ onTestFinished }) => {
    const dir = mkdtempSync(join(tmpdir(), "setup-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    expect(found(tmux, { PATH: dir })).toBe(false);
    writeFileSync(join(dir, "tmux"), "#!/bin/sh\n");
    expect(found(tmux, { PATH: dir })).toBe(false);
    chmodSync(join(dir, "tmux"), 0o755);
    expect(found(tmux, { PATH: `/nonexistent:${dir}` })).toBe(true);
  });

  it("installs what is missing as root with apt-get, and otherwise stops with the exact command", () => {
    expect(plan([], { root: false, apt: false })).toEqual({ action: "none" });
    expect(plan([tmux, redis], { root: true, apt: true })).toEqual({
      action: "install",
      packages: ["tmux", "redis-server"],
      command: "apt-get update && apt-get install -y tmux redis-server",
    });
    expect(plan([redis], { root: false, apt: true })).toMatchObject({
      action: "stop",
      command: "sudo sh -c 'apt-get update && apt-get install -y redis-server'",
      why: "not root",
    });
    expect(plan([redis], { root: true, apt: false })).toMatchObject({ action: "stop", why: "no apt-get on this machine" });
  });

  it("as a process, stops at once with the command when it cannot install (here: no apt-get on PATH)", () => {
    const run = spawnSync(process.execPath, [SETUP], { env: { PATH: "/nonexistent", CHROMIUM_PATH: "/nonexistent/chromium" }, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("the tests need chromium, tmux, redis-server");
    expect(run.stderr).toContain("apt-get update && apt-get install -y chromium tmux redis-server");
  });

  it("says and does nothing on a machine that has them all (this one, once set up)", () => {
    // What it says goes to stderr: an install line, or the command to run.
    const run = spawnSync(process.execPath, [SETUP], { encoding: "utf8" });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "", ""]);
  });
});
