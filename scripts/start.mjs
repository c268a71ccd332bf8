#!/usr/bin/env node
// `npm start` (after the build): the sandbox (or, with --mock, Prism's stateless mock) and the docs
// page on 127.0.0.1, until Ctrl-C. MOCK_PORT (default 4010) and DOCS_PORT (default 8080) move them;
// SANDBOX_SPEED (default 60: a ten-minute migration in ten seconds) sets the sandbox's clock.
import { serveDocs } from "@dcs-migration/docs";
import { mockUsage, sandboxUsage, startPrism, startSandbox } from "@dcs-migration/mock";

const port = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`start: ${name}=${process.env[name]} is not a port; give a number from 1 to 65535`);
    process.exit(2);
  }
  return value;
};
const unknown = process.argv.slice(2).filter((a) => a !== "--mock");
if (unknown.length) {
  console.error(`start: unknown argument ${unknown.join(" ")}; the only one is --mock (Prism's stateless mock instead of the sandbox): npm start -- --mock`);
  process.exit(2);
}
const stateless = process.argv.includes("--mock");
const speed = Number(process.env.SANDBOX_SPEED ?? 60);

const fail = (what, fix) => (error) => {
  console.error(`start: could not start ${what}: ${error.message}${fix ? `\n  ${fix}` : ""}`);
  process.exit(1);
};
const apiPort = port("MOCK_PORT", 4010);
const docsPort = port("DOCS_PORT", 8080);
const [api, docs] = await Promise.all([
  (stateless ? startPrism({ port: apiPort }) : startSandbox({ port: apiPort, speed })).catch(
    fail(stateless ? "the mock" : "the sandbox", "is the port taken? MOCK_PORT=4011 npm start"),
  ),
  serveDocs({ port: docsPort }).catch(fail("the docs", `is port ${docsPort} taken? DOCS_PORT=8081 npm start`)),
]);

console.log(`\nAPI docs:  ${docs.url}`);
if (stateless) console.log(mockUsage(api.url));
else
  console.log(
    `${sandboxUsage(/** @type {import("@dcs-migration/mock").RunningSandbox} */ (api), speed)}
  the stateless Prism mock instead: npm start -- --mock`,
  );
console.log("\nCtrl-C stops both.");
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await Promise.all([api.stop(), docs.close()]);
    process.exit(0);
  });
}
