// The sandbox's clock, like moto's: time-driven at a speed (600 makes a ten-minute migration take
// a second), or manual, where nothing moves until advance() says so. Virtual milliseconds.

/** @param {number | "manual"} speed */
export function createClock(speed) {
  if (speed !== "manual" && !(typeof speed === "number" && speed > 0 && Number.isFinite(speed))) {
    throw new TypeError(`sandbox: \`speed\` must be a positive number (600: ten minutes a second) or "manual", got ${JSON.stringify(speed)}`);
  }
  const start = Date.now();
  let offset = 0;
  return {
    speed,
    /** Virtual now, in ms since the epoch. */
    now: () => start + offset + (speed === "manual" ? 0 : (Date.now() - start) * speed),
    /** Moves virtual time forward by `ms`, in either mode. */
    advance(ms) {
      if (!(typeof ms === "number" && ms >= 0 && Number.isFinite(ms)))
        throw new TypeError(`sandbox: advance takes a number of milliseconds >= 0, got ${JSON.stringify(ms)}`);
      offset += ms;
    },
  };
}
