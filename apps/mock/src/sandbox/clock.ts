// The sandbox's clock, like moto's: driven by real time at a speed (600 makes a ten-minute full copy
// take a second), or manual, where nothing moves until advance() says so. `stepMs` also moves it
// before every API request, so that in a test time passes with the polls, not with the machine's
// load: the same calls then see the same statuses however busy the machine is. Virtual milliseconds.

export type Speed = number | "manual";

export interface Clock {
  readonly speed: Speed;
  /** Virtual now, in ms since the epoch. */
  now(): number;
  /** Moves virtual time forward by `ms` (any mode). */
  advance(ms: number): void;
  /** Called before each API request: moves time by the clock's step, if it has one. */
  step(): void;
}

export function createClock(speed: Speed, stepMs = 0): Clock {
  const start = Date.now();
  let offset = 0;
  const clock: Clock = {
    speed,
    now: () => start + offset + (speed === "manual" ? 0 : (Date.now() - start) * speed),
    advance(ms) {
      offset += ms;
    },
    step() {
      if (stepMs > 0) clock.advance(stepMs);
    },
  };
  return clock;
}
