// Runs `npm run build:wasm` only when the kernels are older than their sources, so commands that
// need them (`npm run sim`, `npm run bench`) start at once when nothing changed (`npm run sim --
// --help` took 7.7 s when it rebuilt every time). Outputs: build/cortado.wasm, its testing twin
// and src/wasm/bytes.generated.ts; inputs: assembly/, asconfig.json, scripts/inline-wasm.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const WASM_INPUTS = ['assembly', 'asconfig.json', 'scripts/inline-wasm.mjs'];
export const WASM_OUTPUTS = ['build/cortado.wasm', 'build/cortado.testing.wasm', 'src/wasm/bytes.generated.ts'];

/** The newest modification time under `path` (a file or a folder, recursively); 0 if absent. */
export function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Whether any kernel output under `root` is missing or older than the newest input. */
export function wasmIsStale(root) {
  const inputs = Math.max(...WASM_INPUTS.map((p) => newestMtime(join(root, p))));
  return WASM_OUTPUTS.some((p) => {
    const file = join(root, p);
    return !existsSync(file) || statSync(file).mtimeMs < inputs;
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (wasmIsStale(root)) {
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:wasm', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  }
}
