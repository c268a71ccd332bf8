export declare function serveDocs(options?: { port?: number; host?: string }): Promise<{ url: string; close(): Promise<void> }>;
