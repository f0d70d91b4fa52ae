// README's snippets are the files in examples/, which the runtime suites run against the packed
// package: this keeps the two identical, so no snippet in the README can drift from code that runs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const examples = readdirSync(join(root, 'examples'));

describe('README', () => {
  it.each(examples)('shows examples/%s verbatim', (file) => {
    const source = readFileSync(join(root, 'examples', file), 'utf8').trimEnd();
    expect(readme.includes('```js\n' + source + '\n```'), `README.md has no js block equal to examples/${file}`).toBe(true);
  });

  it('keeps the two set-up commands', () => {
    expect(readme).toContain('npm install && npm run sim');
    expect(readme).toMatch(/^npm test\b/m);
  });
});
