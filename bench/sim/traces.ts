// The public traces behind BENCHMARKS.md's hit-ratio tables (and so README's policy figures):
// the name each file is saved under, the public repository it comes from (path at a commit), and
// its SHA-256, so that a run over someone else's copies can tell whether they hold the same bytes.
// README ("Traces") lists the same files with a download command for each; test/readme.test.ts
// keeps the two in step.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

interface Repository {
  repo: string;
  commit: string;
  /** Folder of the traces inside the repository. */
  folder: string;
}

const MOKA: Repository = {
  repo: 'moka-rs/cache-trace',
  commit: 'ef0a9de8cf0202a1f2fee186a0af497774b0f0a9',
  folder: 'arc',
};
const CAFFEINE: Repository = {
  repo: 'ben-manes/caffeine',
  commit: 'ccef95542a9181182a60f5c6c33d2a0642c73574',
  folder: 'simulator/src/main/resources/com/github/benmanes/caffeine/cache/simulator/parser',
};

export interface TraceSource {
  /** The name to save it under: the simulator reads the format and the short name from it. */
  file: string;
  repo: string;
  commit: string;
  /** Path inside the repository. */
  path: string;
  sha256: string;
}

const from = (where: Repository, file: string, path: string, sha256: string): TraceSource => ({
  file,
  repo: where.repo,
  commit: where.commit,
  path: `${where.folder}/${path}`,
  sha256,
});

/** The 18 traces, in the order `--all-traces` replays them (file name order). */
export const TRACE_SOURCES: readonly TraceSource[] = [
  from(MOKA, 'arc-OLTP.lis.zst', 'OLTP.lis.zst', '2a81096104b6de28aae54558b764bb32fe2ac3beb8a7dcdee1259af8798d3531'),
  from(MOKA, 'arc-P12.lis.zst', 'P12.lis.zst', '4de315e55e14518618427828312fb07ae275abf301ab8d15c41e3ea1cf6aaad0'),
  from(MOKA, 'arc-P2.lis.zst', 'P2.lis.zst', 'ac686282cd29e715066f7370eecf64c36060218537d51483a7834ad6cf400aed'),
  from(MOKA, 'arc-P3.lis.zst', 'P3.lis.zst', '4110048c690756400675b14f200989fae351b62147705dac9637bbcff6d29751'),
  from(
    CAFFEINE,
    'cache2k-orm-busy.trace.xz',
    'cache2k/orm-busy.trace.xz',
    '0b1d6593387d713c98cc20a5b8c4128eaa983f94dcd70069b032dc1af9c2ceb3',
  ),
  from(
    CAFFEINE,
    'cache2k-web07.trace.xz',
    'cache2k/web07.trace.xz',
    'e50bb13aa66d1cc71877c8ea92c577be0d0ab5b2b4f7a16c87046af1097bd46a',
  ),
  from(
    CAFFEINE,
    'corda-vaultservice.trace.gz',
    'corda/trace_vaultservice.gz',
    'bc2c118fe0a56b877fc21d35ad2a46b19d2f28b593553b8aa36a788cc169b21c',
  ),
  from(
    CAFFEINE,
    'lirs-2_pools.trace.gz',
    'lirs/2_pools.trace.gz',
    '12370af6d9e1b5a4d16642c6a5d0322565f20aed54bed8176901e74f70a4c3ee',
  ),
  from(
    CAFFEINE,
    'lirs-cpp.trace.gz',
    'lirs/cpp.trace.gz',
    '05b93e0498265ef9f57c22f9d1e6b8c57d60b7e76c16a020d56748d7ec7d41f6',
  ),
  from(
    CAFFEINE,
    'lirs-cs.trace.gz',
    'lirs/cs.trace.gz',
    '05b8faa3fa5f9818a72ef57fe5502058d3cbf090514133dfc2136a761a8286e6',
  ),
  from(
    CAFFEINE,
    'lirs-gli.trace.gz',
    'lirs/gli.trace.gz',
    'c300a0bff8149373bdbb7df3fa440e621aba920b0ec6bcc7a936f360f782511c',
  ),
  from(
    CAFFEINE,
    'lirs-loop.trace.gz',
    'lirs/loop.trace.gz',
    '465c1cc6bb08993034fd3597106cb0edc55b25a5984a17a12018f30a06ba60e9',
  ),
  from(
    CAFFEINE,
    'lirs-multi1.trace.gz',
    'lirs/multi1.trace.gz',
    'd19de814ed1637c06692d68ddfd2da002cb6bfddc4b1ac302ed94a162836380d',
  ),
  from(
    CAFFEINE,
    'lirs-multi2.trace.gz',
    'lirs/multi2.trace.gz',
    '3576bc20286f4d204a3c2b6647bb691ed9dde9a923a32624e145873ed830dad5',
  ),
  from(
    CAFFEINE,
    'lirs-ps.trace.gz',
    'lirs/ps.trace.gz',
    'f9bb54cdbe9825dc9cfddaef5c847001d9b287fe28f6af19782f1a7d12b1b085',
  ),
  from(
    CAFFEINE,
    'lirs-scan.trace.gz',
    'lirs/scan.trace.gz',
    'eb5d1cea207e4f2252babed1bab710f557fecb6844ebe124ec75084a9df0da52',
  ),
  from(
    CAFFEINE,
    'lirs-sprite.trace.gz',
    'lirs/sprite.trace.gz',
    'e2613162ee4d5134cf155ae090ccd1613a0a91f45e3a0bd636233b5bb42fc28d',
  ),
  from(
    CAFFEINE,
    'lirs-zigzag.trace.gz',
    'lirs/zigzag.trace.gz',
    'f84d2be590a07fd2eaaedd283a72861e9ad1a0763c31b361ffb2329d973dccf0',
  ),
];

/** Where to download a trace (GitHub's raw file URL at the pinned commit). */
export function downloadUrl(source: TraceSource): string {
  return `https://github.com/${source.repo}/raw/${source.commit}/${source.path}`;
}

/**
 * How a folder's trace files compare with the published ones: files whose bytes differ, and
 * published files the folder lacks (either way the figures will not match BENCHMARKS.md's).
 */
export async function compareWithPublished(files: readonly string[]): Promise<{ differ: string[]; missing: string[] }> {
  const byName = new Map(TRACE_SOURCES.map((s) => [s.file, s]));
  const differ: string[] = [];
  for (const file of files) {
    const source = byName.get(basename(file));
    if (source === undefined) continue;
    const digest = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
    if (digest !== source.sha256) differ.push(source.file);
  }
  const present = new Set(files.map((f) => basename(f)));
  const missing = TRACE_SOURCES.filter((s) => !present.has(s.file)).map((s) => s.file);
  return { differ, missing };
}
