// Cloudflare Workers entry (export conditions `workerd` / `worker`): Workers refuse to compile
// WebAssembly from bytes at run time, so this entry imports the kernels as a module that the
// runtime (or wrangler / esbuild with a `.wasm` loader) compiles at deploy time. The import
// resolves to dist/cortado.wasm in the published package; rollup keeps it external.
import { registerWasmSource } from './wasm/module.js';
import kernels from './cortado.wasm';
import { registerPolicies } from './policies/machinery/registry.js';
import { ALL_POLICIES } from './policies/machinery/all.js';

registerWasmSource(() => kernels);

export * from './exports.js';

/** Every policy name `new Cache({ policy })` accepts. */
export const POLICIES = registerPolicies(ALL_POLICIES);
