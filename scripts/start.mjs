#!/usr/bin/env node
// `npm start`: serves what the project builds, on 127.0.0.1, until Ctrl-C.
import { mockUsage, startPrism } from "@dcs-migration/mock";

const port = Number(process.env.MOCK_PORT ?? 4010);
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
