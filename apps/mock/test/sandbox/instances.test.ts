// DCS instances backed by real Redis (sandbox/instances.ts), on real redis-server processes: each
// instance's address reaches its server, spawned or given by URL; an IP switch's swap makes each
// address reach the other's server and drops what was open; stopping ends the spawned servers; a
// wrong declaration names itself (never a URL's password), and a missing redis-server says how to
// install one. The bin's --instance prints each address, and its Ctrl-C ends the servers too.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/index.js";
import { checkInstances, startInstances } from "../../src/sandbox/instances.js";

const TARGET = "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd";
const SOURCE = "10.0.0.5:6379";

/** One inline command to a Redis at `hostPort` ("127.0.0.1:6379" or a redis:// URL), and its first reply line. */
async function say(where: string, command: string): Promise<string> {
  const [host, port] = where.replace(/^redis:\/\//, "").split(":") as [string, string];
  const socket = connect({ host, port: Number(port) });
  socket.setEncoding("utf8");
  await once(socket, "connect");
  socket.write(`${command}\r\n`);
  let reply = "";
  for await (const chunk of socket) {
    reply += chunk;
    if (reply.includes("\r\n") && !/^\$\d+\r\n$/.test(reply)) break;
  }
  socket.destroy();
  const [first, second] = reply.split("\r\n");
  return first?.startsWith("$") ? (second ?? "") : (first ?? "");
}

/** True when nothing listens at `where` any more. */
async function refused(where: string): Promise<boolean> {
  const [host, port] = where.replace(/^redis:\/\//, "").split(":") as [string, string];
  const socket = connect({ host, port: Number(port) });
  const outcome = await new Promise<string>((resolve) => {
    socket.once("connect", () => resolve("open"));
    socket.once("error", () => resolve("refused"));
  });
  socket.destroy();
  return outcome === "refused";
}

describe("backed instances", () => {
  it("reach their servers through their addresses: spawned, or given by URL; stop ends the spawned", async () => {
    const instances = await startInstances({ [TARGET]: "spawn", [SOURCE]: "spawn" });
    try {
      const given = await startInstances({ "another-instance": instances.view[SOURCE]?.redisUrl as string });
      try {
        const { address, redisUrl } = instances.view[TARGET] as { address: string; redisUrl: string };
        expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
        expect(await say(address, "SET rehearsal target")).toBe("+OK");
        expect(await say(redisUrl, "GET rehearsal")).toBe("target");
        // The URL-backed instance reaches the source's server, and nothing of the target's.
        expect(await say(instances.view[SOURCE]?.address as string, "SET where source")).toBe("+OK");
        expect(await say(given.view["another-instance"]?.address as string, "GET where")).toBe("source");
        expect(await say(given.view["another-instance"]?.address as string, "EXISTS rehearsal")).toBe(":0");
      } finally {
        await given.stop();
      }
    } finally {
      await instances.stop();
    }
    expect(await refused(instances.view[TARGET]?.redisUrl as string)).toBe(true);
    expect(await refused(instances.view[TARGET]?.address as string)).toBe(true);
  });

  it("swap: each address reaches the other's server, and what was open through them is dropped", async () => {
    const instances = await startInstances({ [TARGET]: "spawn", [SOURCE]: "spawn" });
    try {
      const source = instances.view[SOURCE] as { address: string; redisUrl: string };
      const target = instances.view[TARGET] as { address: string; redisUrl: string };
      await say(source.redisUrl, "SET side source");
      await say(target.redisUrl, "SET side target");
      const [host, port] = source.address.split(":") as [string, string];
      const open = connect({ host, port: Number(port) });
      await once(open, "connect");
      const dropped = once(open, "close");
      instances.swap(SOURCE, TARGET);
      await dropped;
      expect(await say(source.address, "GET side")).toBe("target");
      expect(await say(target.address, "GET side")).toBe("source");
      instances.swap(SOURCE, TARGET);
      expect(await say(source.address, "GET side")).toBe("source");
    } finally {
      await instances.stop();
    }
  });

  it("names a wrong declaration, never quoting a URL's password; a missing redis-server says how to install one", async () => {
    expect(() => checkInstances({ "bad id!": "spawn" })).toThrow(/"bad id!" is not a DCS instance ID nor a "host:port"/);
    expect(() => checkInstances({ [TARGET]: "redis://:SENTINEL-PW-4c1e@127.0.0.1" })).toThrow(new RegExp(`instances.${TARGET}\` is "spawn" or a Redis URL`));
    expect(() => checkInstances({ [TARGET]: "redis://:SENTINEL-PW-4c1e@127.0.0.1" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("SENTINEL-PW-4c1e") }),
    );
    // A port out of range is refused here, not by a URL parser's error that would quote the password later.
    for (const port of ["0", "99999"]) {
      expect(() => checkInstances({ [TARGET]: `redis://:SENTINEL-PW-4c1e@127.0.0.1:${port}` })).toThrow(/a port from 1 to 65535/);
    }
    await expect(startSandbox({ instances: { [TARGET]: "sapwn" } })).rejects.toMatchObject({ name: "SandboxOptionError" });
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      await expect(startInstances({ [TARGET]: "spawn" })).rejects.toThrow(
        /redis-server, which is not on PATH\. Install it \(Debian: sudo apt-get install redis-server/,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});

describe("the bin's --instance", () => {
  it("prints each instance's address, which reaches its spawned server; Ctrl-C ends the server", async () => {
    const bin = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "--sandbox", "--port", "0", "--speed", "manual", "--instance", `${TARGET}=spawn`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        out += chunk;
        if (/instance \S+: connect to .*\n/.test(out)) resolve();
      };
      child.stdout.on("data", read);
      child.stderr.on("data", read);
      child.once("exit", () => reject(new Error(`the bin exited before it printed the instance:\n${out}`)));
    });
    const [, address, server] =
      /instance cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd: connect to (127\.0\.0\.1:\d+) \(the Redis at (127\.0\.0\.1:\d+), spawned\)/.exec(out) ?? [];
    expect(address, out).toBeDefined();
    expect(await say(address as string, "PING")).toBe("+PONG");
    const exited = once(child, "exit");
    child.kill("SIGINT");
    expect((await exited)[0]).toBe(0);
    expect(await refused(server as string)).toBe(true);
  }, 60_000);

  it("names a wrong --instance in the flag's terms (exit 2), never quoting its URL", () => {
    const bin = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, "--sandbox", "--port", "0", ...args], { encoding: "utf8", timeout: 30_000 });
    const port = run("--instance", "a=redis://:SENTINEL-PW-77aa@127.0.0.1:99999");
    expect([port.status, port.stderr.trim()]).toEqual([
      2,
      'dcs-migration-mock: --instance a=...: give "spawn" or a Redis URL, redis://[user:password@]host:port (a port from 1 to 65535, no database)',
    ]);
    const name = run("--instance", "a b=spawn");
    expect([name.status, name.stderr]).toEqual([2, expect.stringContaining('--instance: "a b" is not a DCS instance ID')]);
    const proto = run("--instance", "__proto__=spawn");
    expect([proto.status, proto.stderr]).toEqual([2, expect.stringContaining('--instance: "__proto__" is not a DCS instance ID')]);
  });
});
