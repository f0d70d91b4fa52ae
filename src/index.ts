// Default entry (Node, browsers, bundlers): the kernels' bytes are inlined and compiled
// synchronously on first use, so `new Cache(...)` works at once with no top-level await.
import { registerWasmSource, decodeBase64 } from './wasm/module.js';
import { WASM_BASE64 } from './wasm/bytes.generated.js';
import { registerPolicies } from './policies/machinery/registry.js';
import { ALL_POLICIES } from './policies/machinery/all.js';

registerWasmSource(() => new WebAssembly.Module(decodeBase64(WASM_BASE64)));

export * from './exports.js';

/** Every policy name `new Cache({ policy })` accepts. */
export const POLICIES = registerPolicies(ALL_POLICIES);
