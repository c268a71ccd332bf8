// One timer for every attempt in flight, set for the earliest deadline, instead of a setTimeout and
// a clearTimeout per attempt: an attempt that ends in time (nearly all) costs a Set entry, and the
// timer wakes up about once per timeout, not once per request (undici's own timeouts work the same
// way). Deadlines stay exact: an earlier deadline moves the timer forward.

interface Watch {
  at: number;
  expire: () => void;
}

const watches = new Set<Watch>();
let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = 0;

/** Calls `expire` in `ms` unless the returned function is called first. */
export function watchDeadline(ms: number, expire: () => void): () => void {
  const watch = { at: performance.now() + ms, expire };
  watches.add(watch);
  if (timer === undefined || watch.at < timerAt) schedule(watch.at);
  else hold(true);
  return () => {
    watches.delete(watch);
    if (watches.size === 0) hold(false);
  };
}

function schedule(at: number) {
  clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(fire, at - performance.now());
}

function fire() {
  timer = undefined;
  const now = performance.now();
  let next: number | undefined;
  for (const watch of watches) {
    if (watch.at <= now) {
      watches.delete(watch);
      watch.expire();
    } else if (next === undefined || watch.at < next) next = watch.at;
  }
  if (next !== undefined) schedule(next);
}

// With nothing in flight the timer must not keep a script alive: Node and Bun unref it (cheaply);
// where a timer is a bare number (browsers, Deno) it is cleared.
function hold(wanted: boolean) {
  if (typeof timer === "object") {
    if (wanted) timer.ref();
    else timer.unref();
  } else if (!wanted) {
    clearTimeout(timer);
    timer = undefined;
  }
}
