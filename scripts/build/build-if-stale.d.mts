// Types of build-if-stale.mjs for the TypeScript that imports it (test/runtimes/package.ts).
export declare const WASM_INPUTS: string[];
export declare const WASM_OUTPUTS: string[];
export declare const JS_INPUTS: string[];
export declare const DIST_FILES: string[];
export declare function newestMtime(path: string): number;
export declare function isStale(root: string, inputs: string[], outputs: string[]): boolean;
export declare function wasmIsStale(root: string): boolean;
export declare function buildIfStale(root: string, options?: { dist?: boolean }): void;
