// Browsers: a page bundled by Vite from the packed package (README's browser snippet plus
// main.js), loaded in Debian's headless Chromium driven by playwright-core (never a downloaded
// browser). The kernels compile synchronously on the main thread from the inlined bytes, so
// the page's Content-Security-Policy must allow 'wasm-unsafe-eval'; both sides are checked.

import { announceSkip } from '../helpers.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, inCI, LOADING_EXAMPLE_OUTPUT, projectWithPackage, removeProject, repoRoot } from './package.js';

const CHROMIUM = '/usr/bin/chromium';
const ORIGIN = 'http://cortado.test';
const pageDir = join(repoRoot, 'test/runtimes/browser');
const missing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found (apt-get install chromium)`;
if (missing !== undefined && !inCI) console.warn(`browser suite skipped: ${missing}`);

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

announceSkip('browser (Vite bundle in Chromium)', missing);
describe.skipIf(missing !== undefined && !inCI)(
  `browser: Vite bundle of the packed package in Chromium${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let project: string | undefined;
    let browser: Browser | undefined;
    let apiRequests: string[] = [];

    beforeAll(async () => {
      if (missing !== undefined) throw new Error(`CI=true but ${missing}`);
      project = projectWithPackage('browser', {
        'index.html': join(pageDir, 'index.html'),
        'main.js': join(pageDir, 'main.js'),
        'browser.js': join(examplesDir, 'browser.js'),
        'loading.js': join(examplesDir, 'loading.js'),
      });
      await build({
        root: project,
        configFile: false,
        logLevel: 'silent',
        build: { outDir: 'dist', emptyOutDir: true },
      });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });

    afterAll(async () => {
      await browser?.close();
      removeProject(project);
    });

    /** A page whose every request is answered from Vite's output (and a small JSON API). */
    async function open(csp: string): Promise<{ page: Page; errors: string[] }> {
      const context = await browser!.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.route(`${ORIGIN}/**`, async (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path.startsWith('/api/')) {
          apiRequests.push(path);
          return route.fulfill({ json: { path, served: apiRequests.length } });
        }
        const file = join(project!, 'dist', path === '/' ? 'index.html' : path);
        if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
        const type = TYPES[extname(file)] ?? 'application/octet-stream';
        return route.fulfill({
          body: readFileSync(file),
          headers: { 'content-type': type, 'content-security-policy': csp },
        });
      });
      await page.goto(`${ORIGIN}/`);
      return { page, errors };
    }

    it('bundles the default entry, kernels inlined, into the page', () => {
      const assets = readdirSync(join(project!, 'dist/assets')).filter((f) => f.endsWith('.js'));
      const base64 = readFileSync(join(project!, 'node_modules/cortado/dist/cortado.wasm')).toString('base64');
      expect(assets.some((f) => readFileSync(join(project!, 'dist/assets', f), 'utf8').includes(base64))).toBe(true);
      // The browser condition wins over node: no diagnostics_channel (Node's) in the page.
      for (const f of assets)
        expect(readFileSync(join(project!, 'dist/assets', f), 'utf8'), f).not.toContain('diagnostics_channel');
    });

    it("runs set / get / evict / TTL, README's getJson and README's loading example with CSP script-src 'self' 'wasm-unsafe-eval'", async () => {
      apiRequests = [];
      const { page, errors } = await open("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'");
      const results = await page.evaluate(
        () => (window as unknown as { cortadoResults: Promise<unknown> }).cortadoResults,
      );
      expect(errors).toEqual([]);
      expect(results).toEqual({
        lruGet: 1,
        lruKeys: ['a', 'c', 'd'],
        lruEvicted: 1,
        ttlBefore: 'x',
        ttlAfter: null,
        tinylfuHotKept: 100,
        tinylfuSize: 100,
        json: [
          { path: '/api/item/1', served: 1 },
          { path: '/api/item/1', served: 1 },
          { path: '/api/item/2', served: 2 },
        ],
        loading: LOADING_EXAMPLE_OUTPUT,
      });
      expect(apiRequests).toEqual(['/api/item/1', '/api/item/2']); // the second /item/1 was a cache hit
      await page.context().close();
    });

    it("fails to compile the kernels when the CSP lacks 'wasm-unsafe-eval' (README's note)", async () => {
      const { page, errors } = await open("default-src 'self'; script-src 'self'");
      await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
      // Chromium names the directive it checked: without 'wasm-unsafe-eval' it wants 'unsafe-eval'.
      expect(errors.join('\n')).toMatch(/WebAssembly.*Content Security Policy.*'unsafe-eval'/is);
      await page.context().close();
    });
  },
);
