// Prism, kept running. Behind the gateway it is the sandbox's validator: if its process dies (a
// request it could not survive, the OOM killer), every later call would be a 500 forever. So an
// exit is said on stderr and Prism is started again on its port; requests wait for it meanwhile.
// Exits that come again and again (five within a minute) are not a passing fault: the sandbox is
// then stopped with an error, rather than answer 500s.
import { type PrismOptions, type RunningPrism, startPrism } from "../prism.js";

const RESTARTS = 5;
const WINDOW_MS = 60_000;

export interface SupervisedPrism {
  url: string;
  /** Resolves when Prism answers: at once, or when its restart is done. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSupervisedPrism(options: PrismOptions, hooks: { log(message: string): void; fatal(error: Error): void }): Promise<SupervisedPrism> {
  let current: RunningPrism;
  let ready: Promise<void> = Promise.resolve();
  let stopped = false;
  const exits: number[] = [];

  const onExit: NonNullable<PrismOptions["onExit"]> = ({ code, signal, output }) => {
    if (stopped) return;
    const now = Date.now();
    exits.push(now);
    while ((exits[0] as number) < now - WINDOW_MS) exits.shift();
    const why = `Prism (the sandbox's validating proxy) exited (${signal ?? `code ${code}`})${output.trim() ? `:\n${output.trim().split("\n").slice(-5).join("\n")}` : ""}`;
    if (exits.length >= RESTARTS) {
      const error = new Error(`${why}\nIt exited ${RESTARTS} times within a minute: the sandbox stops.`);
      hooks.log(error.message);
      ready = Promise.reject(error);
      ready.catch(() => {});
      hooks.fatal(error);
      return;
    }
    hooks.log(`${why}\nStarting it again on port ${current.port}.`);
    ready = startPrism({ ...options, port: current.port, onExit }).then(
      (next) => {
        current = next;
        hooks.log(`Prism answers again on ${next.url}.`);
      },
      (error: Error) => {
        hooks.log(`Prism could not be started again: ${error.message}`);
        hooks.fatal(error);
        throw error;
      },
    );
    ready.catch(() => {});
  };

  current = await startPrism({ ...options, onExit });
  return {
    url: current.url,
    ready: () => ready,
    stop: async () => {
      stopped = true;
      await ready.catch(() => {});
      await current.stop();
    },
  };
}
