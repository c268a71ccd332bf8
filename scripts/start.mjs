#!/usr/bin/env node
// `npm start` (after the build): the Prism mock and the docs page on 127.0.0.1, until Ctrl-C.
// MOCK_PORT (default 4010) and DOCS_PORT (default 8080) move them.
import { serveDocs } from "@dcs-migration/docs";
import { mockUsage, startPrism } from "@dcs-migration/mock";

const port = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`start: ${name}=${process.env[name]} is not a port; give a number from 1 to 65535`);
    process.exit(2);
  }
  return value;
};

const fail = (what, fix) => (error) => {
  console.error(`start: could not start ${what}: ${error.message}${fix ? `\n  ${fix}` : ""}`);
  process.exit(1);
};
const docsPort = port("DOCS_PORT", 8080);
const [prism, docs] = await Promise.all([
  startPrism({ port: port("MOCK_PORT", 4010) }).catch(fail("the mock", "is the port taken? MOCK_PORT=4011 npm start")),
  serveDocs({ port: docsPort }).catch(fail("the docs", `is port ${docsPort} taken? DOCS_PORT=8081 npm start`)),
]);

console.log(`\nAPI docs:  ${docs.url}`);
console.log(mockUsage(prism.url));
console.log("\nCtrl-C stops both.");
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await Promise.all([prism.stop(), docs.close()]);
    process.exit(0);
  });
}
