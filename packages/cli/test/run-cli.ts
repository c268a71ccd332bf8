// dcs-migrate's main() in this process, with its output captured: for what it decides before it
// sends anything (usage, plans, configuration). What it does against a service is tested on the
// packed bin against the sandbox (apps/e2e).
import { Readable, Writable } from "node:stream";
import { main } from "../src/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function capture(isTTY: boolean) {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY });
  return { stream, text: () => text };
}

/**
 * Runs `dcs-migrate ...args` with this environment only (nothing of the test's own leaks in).
 * `tty`: stdin and stderr are a terminal's; `input`: what is typed at it.
 */
export async function cli(args: string[], env: Record<string, string> = {}, options: { tty?: boolean; input?: string } = {}): Promise<CliRun> {
  const stdout = capture(false);
  const stderr = capture(options.tty ?? false);
  const stdin = Object.assign(Readable.from(options.input === undefined ? [] : [options.input]), {
    isTTY: options.tty ?? false,
  }) as unknown as NodeJS.ReadStream;
  const code = await main(args, "0.0.0-test", { env, stdout: stdout.stream, stderr: stderr.stream, stdin });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
