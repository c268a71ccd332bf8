export * from "./prism.mjs";
export declare function mockUsage(url: string): string;
