// The contract case files, by operationId. A module of its own: the cases import their constants
// from contract.ts, so contract.ts must not import them back.
import type { ContractCase } from "./contract.js";

export const contractCases: ReadonlyMap<string, ContractCase & { file: string }> = new Map(
  Object.entries(import.meta.glob<{ default: ContractCase }>("./cases/*.ts", { eager: true })).map(([file, m]) => [
    m.default.operationId,
    { file, ...m.default },
  ]),
);
