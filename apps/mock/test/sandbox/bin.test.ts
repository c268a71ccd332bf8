// The sandbox started where it cannot be, from the bin (dist/cli.js, as installed) and from code: a
// taken port is an error naming it, a wrong flag or option names itself and what it takes. The bin's
// sandbox serving, checking signatures, is auth.test.ts's; as installed, apps/e2e's.
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "../../src/index.js";

const BIN = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const AK = "HPUAEXAMPLEAK0000001";
const bin = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env, PORT: "" }, timeout: 30_000 });

let taken: Server;
let takenPort: number;
beforeAll(async () => {
  taken = createServer().listen(0, "127.0.0.1");
  await once(taken, "listening");
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(() => taken.close());

describe("a sandbox started where it cannot be", () => {
  it("on a port in use, from the bin: exit 1 naming the port, nothing started", () => {
    const run = bin(["--sandbox", "--port", String(takenPort)]);
    expect([run.status, run.stderr.trim()]).toEqual([
      1,
      `dcs-migration-mock: port ${takenPort} is already in use (another sandbox or mock?): stop it, or choose another port`,
    ]);
  });

  it("on a port in use, from code: a SandboxOptionError naming the port", async () => {
    await expect(startSandbox({ port: takenPort })).rejects.toMatchObject({
      name: "SandboxOptionError",
      message: expect.stringContaining(`port ${takenPort} is already in use`),
    });
  });

  it.each([
    [["--sandbox", "--speed", "fast"], '--speed takes a positive number (600: ten minutes a second) or "manual"; got "fast"'],
    [["--sandbox", "--speed", "0"], '--speed takes a positive number (600: ten minutes a second) or "manual"; got "0"'],
    [["--sandbox", "--step=-5"], '--step takes a number of milliseconds >= 0; got "-5"'],
    [["--speed", "600"], "--speed is for the sandbox: add --sandbox"],
    [["--sandbox", "--port", "70000"], '--port takes a port number from 0 (any free one) to 65535 (--port 4011); got "70000"'],
    [["--sandbox", "--sped", "600"], "Unknown option '--sped'"],
    [
      ["--sandbox", "--check-signatures"],
      "--check-signatures: credentialsFromEnv: set CLOUD_SDK_AK or HUAWEICLOUD_SDK_AK and CLOUD_SDK_SK or HUAWEICLOUD_SDK_SK",
    ],
  ])("dcs-migration-mock %j: exit 2, naming the flag and what it takes", (args, message) => {
    const run = bin(args, { CLOUD_SDK_AK: "", CLOUD_SDK_SK: "", HUAWEICLOUD_SDK_AK: "", HUAWEICLOUD_SDK_SK: "" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it.each([
    [{ speed: "fast" }, '`speed` is a positive number of virtual ms per real ms (600: ten minutes a second) or "manual"; got "fast"'],
    [{ sped: 600 }, "startSandbox: unknown field sped (did you mean speed?)"],
    [{ credentials: { accessKeyId: AK } }, "`credentials` is { accessKeyId, secretAccessKey }"],
    [{ faults: { rate: 0.1, kind: ["slow"] } }, "faults: unknown field kind (did you mean kinds?)"],
  ])("startSandbox(%j): a SandboxOptionError naming the option", async (options, message) => {
    await expect(startSandbox(options as never)).rejects.toMatchObject({ name: "SandboxOptionError", message: expect.stringContaining(message) });
  });
});
