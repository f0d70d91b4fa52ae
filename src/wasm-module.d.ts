// Types for `import module from './x.wasm'`: Workers (and bundlers set up for it) hand the
// importer a compiled WebAssembly.Module, which the Workers entry registers as the kernels.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
