import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FRAME_ANCESTORS, headerPolicy, metaPolicy, parseHeadersFile, rulesFor } from '../../src/lib/deploy/headers';

// The build this project's pages come from (playwright.config.ts): dist/, or dist-base/ under BASE_PATH.
const built = () => (test.info().project.metadata['dist'] as string | undefined) ?? 'dist';
const htmlFiles = (dist: string) =>
  readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.split('\\').join('/'));

test('every page’s header policy in _headers is its <meta> policy plus frame-ancestors, the playground’s too', ({ baseURL }) => {
  const dist = built();
  const base = new URL(baseURL ?? '').pathname;
  const rules = parseHeadersFile(readFileSync(join(dist, '_headers'), 'utf8'));
  // Cloudflare Pages reads at most 100 rules.
  expect(rules.length).toBeLessThanOrEqual(100);
  const files = htmlFiles(dist);
  expect(files).toContain('try/index.html');
  const problems: string[] = [];
  for (const file of files) {
    const meta = metaPolicy(readFileSync(join(dist, file), 'utf8'));
    if (meta === undefined) {
      problems.push(`${file} has no <meta> policy`);
      continue;
    }
    const urls = file.endsWith('index.html') ? [`${base}${file}`, `${base}${file.slice(0, -'index.html'.length)}`] : [`${base}${file}`];
    for (const url of urls) {
      const matching = rulesFor(rules, url).map((rule) => rule.policy);
      if (matching.length !== 1 || matching[0] !== headerPolicy(meta)) problems.push(`${url}: header policies ${JSON.stringify(matching)}, <meta> ${meta}`);
    }
  }
  expect(problems).toEqual([]);
  const playground = rulesFor(rules, `${base}try/`)[0]?.policy ?? '';
  expect(playground).toContain("'wasm-unsafe-eval'");
  expect(playground.endsWith(`; ${FRAME_ANCESTORS}`)).toBe(true);
});
