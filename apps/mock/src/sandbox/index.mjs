// startSandbox(): the stateful DCS migration service of the sandbox, always behind Prism's
// validating proxy (--errors): whatever the sandbox sends that the document does not allow reaches
// the caller as a 500 naming the violation, so tests against it are tests against the document.
import { freePort, startPrism } from "../prism.mjs";
import { createClock } from "./clock.mjs";
import { createModel, OUTCOMES } from "./model.mjs";
import { checkFaults, checkSkew, serviceError, startSandboxServer } from "./server.mjs";

const OPTIONS = ["speed", "port", "credentials", "faults", "seed", "clockSkewMs"];

/**
 * @param {{ speed?: number | "manual", port?: number, credentials?: { accessKeyId: string, secretAccessKey: string },
 *   faults?: { rate?: number, kinds?: string[], slowMs?: number }, seed?: number, clockSkewMs?: number }} [options]
 */
export async function startSandbox(options = {}) {
  const unknown = Object.keys(options).filter((k) => !OPTIONS.includes(k));
  if (unknown.length) throw new TypeError(`startSandbox: unknown option ${unknown.join(", ")}; the options are ${OPTIONS.join(", ")}`);
  const { credentials } = options;
  if (
    credentials !== undefined &&
    !(typeof credentials?.accessKeyId === "string" && credentials.accessKeyId && typeof credentials.secretAccessKey === "string" && credentials.secretAccessKey)
  ) {
    throw new TypeError("startSandbox: `credentials` is { accessKeyId, secretAccessKey } (the AK/SK the sandbox checks signatures with), or leave it out");
  }
  checkFaults(options.faults);
  if (options.clockSkewMs !== undefined) checkSkew(options.clockSkewMs);
  const clock = createClock(options.speed ?? 1);
  const model = createModel({ now: clock.now, error: serviceError });
  const port = options.port ?? (await freePort());
  const upstream = await startSandboxServer({ ...options, model, clock, publicOrigin: `http://127.0.0.1:${port}` });
  const prism = await startPrism({ mode: "proxy", upstream: upstream.url, port, errors: true }).catch(async (error) => {
    await upstream.close();
    throw error;
  });
  return {
    /** The API, behind Prism's validating proxy: give it to createDcsClient as `endpoint`. */
    url: prism.url,
    /** The sandbox itself, for the control API over HTTP (/__sandbox/...). */
    controlUrl: upstream.url,
    /** Virtual now, in ms since the epoch. */
    now: () => clock.now(),
    /** Moves virtual time forward (in either clock mode). */
    advance: (ms) => clock.advance(ms),
    /** Makes a task's (or, without taskId, the next created task's) next transition take an outcome. */
    setNextTransition: (change) => model.setNextTransition(change),
    /** Spoils a share of responses: `{ rate, kinds: ["throttle", "error", "slow"], slowMs }`; `{ rate: 0 }` stops. */
    setFaults: (faults) => upstream.setFaults(faults),
    /** Moves the gateway's clock (for signature times) `ms` ahead of this machine's; 0 puts it back. */
    setClockSkew: (ms) => upstream.setClockSkew(ms),
    /** Every task as it stands. */
    state: () => model.snapshot(),
    /** Forgets every task and job, and every fault. */
    reset: () => {
      model.reset();
      upstream.setFaults(undefined);
    },
    outcomes: OUTCOMES,
    /** Stops Prism and the sandbox; no process is left. */
    stop: async () => {
      await prism.stop();
      await upstream.close();
    },
  };
}
