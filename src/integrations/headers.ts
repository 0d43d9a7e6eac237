import { readdir, readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { formatHeadersFile, headerRules, metaPolicy, type BuiltPage } from '../lib/headers';

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
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.html')).sort();
        const pages: BuiltPage[] = await Promise.all(
          files.map(async (file) => {
            const policy = metaPolicy(await readFile(`${root}/${file}`, 'utf8'));
            if (policy === undefined) throw new Error(`${relative(process.cwd(), `${root}/${file}`)}: no Content Security Policy <meta>, so no header either`);
            return { file: file.split('\\').join('/'), policy };
          }),
        );
        const rules = headerRules(pages, base);
        await writeFile(new URL('_headers', dir), formatHeadersFile(rules));
        logger.info(`wrote _headers: ${rules.length} rules for ${pages.length} pages, each its <meta> policy plus frame-ancestors 'none'`);
      },
    },
  };
}
