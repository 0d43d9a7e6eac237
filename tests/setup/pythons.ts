import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PYTHONS_ROOT } from '../../src/cli/interpreters';

/**
 * Before the unit tests: the native CPythons the hook and red-team tests run in. pyenv's hold 3.8
 * to 3.13.0 on a machine of this kind; `npm run pythons` brings 3.13.18, 3.14.10 and 3.15.2 from
 * Debian's archive, once (it does nothing while they are there), checking what it downloads. If
 * it cannot (no apt, no network), the tests that need those versions fail and say what to run.
 */
export default function setup() {
  const releases = join(PYTHONS_ROOT, 'RELEASES');
  if (existsSync(releases) && readFileSync(releases, 'utf8').trim() === '3.13.18 3.14.10 3.15.2') return;
  console.log('Fetching CPython 3.13.18, 3.14.10 and 3.15.2 for the hook tests (npm run pythons)…');
  const run = spawnSync('bash', ['src/cli/pythons.sh'], { stdio: 'inherit' });
  if (run.status !== 0) console.log('npm run pythons failed: the tests of 3.13.18, 3.14.10 and 3.15.2 will say so.');
}
