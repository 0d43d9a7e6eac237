import { open, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { formatHeadersFile, headerRules, metaPolicy, type BuiltPage } from '../lib/deploy/headers';

/** How many pages are read at once. */
const OPEN_AT_ONCE = 64;

/** A page's `<meta>` policy: Astro writes it near the top, so the first few KB say it (at 10,000 pages, reading whole files cost seconds). */
async function policyOf(path: string): Promise<string | undefined> {
  const file = await open(path);
  try {
    const head = await file.read({ buffer: Buffer.alloc(16_384), position: 0 });
    const policy = metaPolicy(head.buffer.subarray(0, head.bytesRead).toString('utf8'));
    return policy ?? metaPolicy(await file.readFile({ encoding: 'utf8' }));
  } finally {
    await file.close();
  }
}

/**
 * Writes `dist/_headers`: each page's Content Security Policy as a header, read from the very
 * `<meta>` policy Astro wrote into the page, plus `frame-ancestors 'none'`. A page without a
 * policy fails the build: it would be served with none.
 */
export default function policyHeaders(): AstroIntegration {
  let base = '/';
  return {
    name: 'policy-headers',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        const root = fileURLToPath(dir);
        // Every file a route wrote: the HTML pages among them.
        const files = [...assets.values()].flat().map((url) => fileURLToPath(url)).filter((path) => path.endsWith('.html'));
        const pages: BuiltPage[] = [];
        // A few files open at once: opening all 30,000 of a large build runs out of descriptors.
        const queue = [...files];
        const worker = async () => {
          for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
            const policy = await policyOf(path);
            if (policy === undefined) throw new Error(`${relative(process.cwd(), path)}: no Content Security Policy <meta>, so no header either`);
            pages.push({ file: relative(root, path).split('\\').join('/'), policy });
          }
        };
        await Promise.all(Array.from({ length: OPEN_AT_ONCE }, worker));
        pages.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
        const rules = headerRules(pages, base);
        await writeFile(new URL('_headers', dir), formatHeadersFile(rules));
        logger.info(`wrote _headers: ${rules.length} rules for ${pages.length} pages, each its <meta> policy plus frame-ancestors 'none'`);
      },
    },
  };
}
