// The simulator's command line as a user runs it (node + tsx, from the repository root), for the
// tests that drive it end to end (test/sim/cli, test/sim/window-chart, test/readme).
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../bench/sim/paths.js';

/** Runs `bench/sim/cli.ts` with `args`; its exit status and output. SIM_DEBUG is cleared so errors stay one line. */
export function runSim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/sim/cli.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, SIM_DEBUG: '' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
