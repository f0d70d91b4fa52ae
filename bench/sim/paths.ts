// Where things live relative to the repository: its root, and the shared data folder beside it
// (../shared holds the traces and the published anchors; it is never copied into the repo).

import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';

/** The repository root (this file is bench/sim/paths.ts). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** ../shared beside the repository. */
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');

/** ../shared/traces beside the repository. */
export const TRACES_DIR = resolve(SHARED_DIR, 'traces');

/** Whether the shared traces are present (tests that need them skip otherwise). */
export function haveSharedTraces(): boolean {
  return existsSync(resolve(TRACES_DIR, 'README.md'));
}
