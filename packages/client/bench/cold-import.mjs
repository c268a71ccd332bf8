// Time to import a module in a fresh Node process, measured inside it around `await import()`
// (process start-up noise left out), median of `runs` processes.
import { execFileSync } from "node:child_process";
import { median } from "./measure.mjs";

export function coldImportMs(specifier, { cwd, runs = 11 }) {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd, encoding: "utf8" })));
  return median(samples);
}
