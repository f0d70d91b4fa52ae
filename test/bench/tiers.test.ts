// The two-tier bench's plumbing (the measuring itself needs redis-server and runs with
// `npm run bench -- --tiers`): the flag, the table it writes, and that its region of
// BENCHMARKS.md is its own.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { END, START, writeMarkdownRegion } from '../../bench/report.js';
import { parseArgs, TIERS_MARKERS } from '../../bench/run.js';
import { tiersMarkdown } from '../../bench/tiers.js';

describe('npm run bench -- --tiers', () => {
  it('is a flag of its own, off by default', () => {
    expect(parseArgs(['--tiers', '--markdown']).tiers).toBe(true);
    expect(parseArgs([]).tiers).toBe(false);
  });

  it('writes a table with the date, machine and Redis version into its own region, leaving the speed region alone', () => {
    const body = tiersMarkdown({
      date: '2026-11-26 15:00 UTC',
      machine: 'some CPU',
      redis: '7.0.15',
      command: 'npm run bench -- --tiers --markdown',
      load: 3.24,
      results: [{ name: 'L1 hit (get)', p50: 0.61, p99: 1.14, sequential: 1_080_839.4, concurrent: 1_778_373 }],
    });
    expect(body).toContain(
      '2026-11-26 15:00 UTC; some CPU; load average 3.2 at the end of the run; redis-server 7.0.15',
    );
    expect(body).toContain('| L1 hit (get) | 0.6 µs | 1.1 µs | 1,080,839 | 1,778,373 |');
    const file = join(mkdtempSync(join(tmpdir(), 'cortado-tiers-')), 'BENCHMARKS.md');
    writeFileSync(file, `# Benchmarks\n\n${START}\nspeed\n${END}\n`);
    writeMarkdownRegion(file, body, TIERS_MARKERS);
    writeMarkdownRegion(file, body, TIERS_MARKERS); // rewritten in place, not appended twice
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`${START}\nspeed\n${END}`);
    expect(text.split(TIERS_MARKERS.start)).toHaveLength(2);
  });
});
