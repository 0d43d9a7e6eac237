// Lets Node (and tsx) import a file as text with Vite's `?raw` suffix, as the site's own modules do
// (src/lib/hooks/python.ts imports the hook's fixed part, policy.py, that way). For the bench's
// scripts, which run outside Vite: `tsx --import ./bench/raw-loader.mjs …`.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { readFile } from 'node:fs/promises';
export async function load(url, context, next) {
  if (!url.endsWith('?raw')) return next(url, context);
  const text = await readFile(new URL(url.slice(0, -4)), 'utf8');
  return { format: 'module', source: 'export default ' + JSON.stringify(text) + ';', shortCircuit: true };
}`),
);
