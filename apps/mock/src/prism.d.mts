export declare const BUNDLED_DOCUMENT: string;
export declare function freePort(): Promise<number>;
export interface PrismOptions {
  mode?: "mock" | "proxy";
  upstream?: string;
  port?: number;
  document?: string;
  errors?: boolean;
  startTimeoutMs?: number;
}
export interface RunningPrism {
  url: string;
  port: number;
  logs(): string;
  stop(): Promise<void>;
}
export declare function startPrism(options?: PrismOptions): Promise<RunningPrism>;
