/**
 * `npm run --silent releases -- <tags file> [--data content/versions]`
 *
 * Prints, one per line and oldest first, the CPython releases newer than the data: the newest
 * release of each minor version the data covers where the data holds an older one, and the
 * newest of each newer minor line (a pre-release until its final). The tags file is what
 * `git ls-remote --tags https://github.com/python/cpython` prints, or one tag per line.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION_FILE } from '../lib/versions/dataset';
import { newerReleases } from '../lib/import/releases';
import { parseVersionFile } from '../lib/versions/schema';

const USAGE = 'usage: npm run --silent releases -- <file of tags, as git ls-remote --tags prints them> [--data content/versions]';

function main(argv: string[]): number {
  const rest = [...argv];
  let tags: string | undefined;
  let data = 'content/versions';
  while (rest.length > 0) {
    const arg = rest.shift() ?? '';
    if (arg === '--data') data = rest.shift() ?? '';
    else if (arg.startsWith('--') || tags !== undefined) throw new Error(USAGE);
    else tags = arg;
  }
  if (!tags || !data) throw new Error(USAGE);
  if (!existsSync(tags)) throw new Error(`${tags}: no such file\n${USAGE}`);
  const files = readdirSync(data)
    .filter((name) => VERSION_FILE.test(name))
    .map((name) => parseVersionFile(readFileSync(join(data, name), 'utf8'), join(data, name)));
  for (const release of newerReleases(readFileSync(tags, 'utf8').split('\n'), files)) console.log(release);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`releases: ${(error as Error).message}`);
  process.exitCode = 1;
}
