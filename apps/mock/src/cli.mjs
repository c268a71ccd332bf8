#!/usr/bin/env node
// `npm run mock`: serves the bundled document with Prism until Ctrl-C.
// PORT (default 4010) moves it; Prism listens on 127.0.0.1 only.
import { startPrism } from "./prism.mjs";
import { mockUsage } from "./usage.mjs";

const port = Number(process.env.PORT ?? process.argv[2] ?? 4010);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`mock: invalid port "${process.env.PORT ?? process.argv[2]}"; give a number from 1 to 65535 (PORT=4011 npm run mock)`);
  process.exit(2);
}
const prism = await startPrism({ port }).catch((error) => {
  console.error(error.message);
  process.exit(1);
});
console.log(mockUsage(prism.url));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await prism.stop();
    process.exit(0);
  });
}
