// Where the kernels' compiled WebAssembly.Module comes from. The default entry registers a
// source that decodes the inlined bytes; the Workers entry registers the module that workerd
// imported (Workers refuse to compile from bytes); users may pass one through `wasmModule`.
// Compilation happens lazily on first use, never at module scope.

let source: (() => WebAssembly.Module) | undefined;
let compiled: WebAssembly.Module | undefined;

/** Registers how to obtain the kernels' module (called once by each entry point). */
export function registerWasmSource(load: () => WebAssembly.Module): void {
  source = load;
}

/** The kernels' compiled module, compiled on the first call. */
export function kernelsModule(): WebAssembly.Module {
  if (compiled === undefined) {
    if (source === undefined)
      throw new Error('cortado: no WebAssembly module registered; import from "cortado" or pass { wasmModule }');
    compiled = source();
  }
  return compiled;
}

/** Decodes base64 without Buffer, so it runs in browsers and Workers too. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
