import { spawnSync } from 'node:child_process';

/**
 * Before the unit tests: the native CPythons the hook and red-team tests run in. pyenv's hold 3.8
 * to 3.13.0 on a machine of this kind; `npm run pythons` brings 3.13.18, 3.14.10 and 3.15.2 from
 * Debian's archive, once (run again, it only checks that they are there), checking what it
 * downloads. If it cannot (no apt, no network), the tests that need those versions fail and say
 * what to run.
 */
export default function setup() {
  const run = spawnSync('bash', ['src/cli/pythons.sh'], { stdio: 'inherit' });
  if (run.status !== 0) console.log('npm run pythons failed: the tests of 3.13.18, 3.14.10 and 3.15.2 will say so.');
}
