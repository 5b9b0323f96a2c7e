export declare const DEFAULT_HEAP_MB: number;
export declare function serverArgs(root: string, env?: Record<string, string | undefined>): string[];
