// The small entry (`cortado/lite`) for bundle-size-sensitive pages: the same Cache with the
// default policy (W-TinyLFU) and LRU only; the kernels' bytes are inlined as in the default
// entry. Every other policy name is a RangeError
// that points to the full entry.
import { registerWasmSource, decodeBase64 } from './wasm/module.js';
import { WASM_BASE64 } from './wasm/bytes.generated.js';
import { registerPolicies } from './policies/registry.js';
import { wTinyLfu } from './policies/w-tinylfu.js';
import { lru } from './policies/lru.js';

registerWasmSource(() => new WebAssembly.Module(decodeBase64(WASM_BASE64)));

export * from './exports.js';

/** The policy names this entry accepts (import from "cortado" for all of them). */
export const POLICIES = registerPolicies([wTinyLfu, lru], ' (cortado/lite ships only these; import from "cortado" for every policy)');
