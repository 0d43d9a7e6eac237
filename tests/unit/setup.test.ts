import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { afterAll, describe, expect, it } from 'vitest';

const read = (file: string) => readFileSync(file, 'utf8');
const pkg = JSON.parse(read('package.json')) as { engines: Record<string, string>; allowScripts?: Record<string, boolean> };
const scratch = mkdtempSync(join(tmpdir(), 'audit-events-setup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The oldest Node that every locked package installed on any machine accepts: the first version,
 * among the lower bounds the ranges name, that satisfies them all. Optional packages are left out:
 * npm skips one that does not fit (`@img/sharp-win32-ia32` wants Node 20, on 32-bit Windows only).
 */
function lockFloor(): { floor: string | null; binding: string[] } {
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: unknown; optional?: boolean }> };
  const ranges = Object.entries(lock.packages).flatMap(([path, entry]) => {
    const node = entry.engines && typeof entry.engines === 'object' && !Array.isArray(entry.engines) ? (entry.engines as Record<string, string>)['node'] : undefined;
    return node && path !== '' && !entry.optional ? [{ path, range: new semver.Range(node) }] : [];
  });
  const bounds = ranges.flatMap(({ range }) => range.set.flat().map((comparator) => comparator.semver.version)).filter((version) => version !== '0.0.0');
  const floor = [...new Set(bounds)].sort(semver.compare).find((version) => ranges.every(({ range }) => range.test(version))) ?? null;
  // The packages that set it: those that refuse the version just below.
  const below = floor ? `${semver.major(floor)}.${Math.max(0, semver.minor(floor) - 1)}.999` : '0.0.0';
  return { floor, binding: ranges.filter(({ range }) => !range.test(below)).map(({ path }) => path.replace(/^.*node_modules\//, '')) };
}

describe('the Node floor', () => {
  const { floor, binding } = lockFloor();

  it('is the one the locked dependencies need, and package.json, .nvmrc, the README and CI all state it', () => {
    expect(floor, 'some Node satisfies every locked package').not.toBeNull();
    expect(binding.length, `set by ${binding.join(', ')}`).toBeGreaterThan(0);
    expect(pkg.engines['node']).toBe(`>=${floor}`);
    expect(read('.nvmrc').trim()).toBe(floor);
    expect(read('README.md')).toContain(`Node.js ${floor} or newer`);
    expect(read('.ci/run')).toContain(`NODE_FLOOR=${floor}\n`);
  });

  it('makes `npm ci` on an older Node fail at once, saying which version it needs and how to get it', () => {
    for (const file of ['package.json', 'package-lock.json', '.npmrc']) copyFileSync(file, join(scratch, file));
    // An older Node, as npm sees it: the one running npm reports the version just below the floor.
    const older = `${semver.major(floor ?? '0.0.0')}.${semver.minor(floor ?? '0.0.0') - 1}.0`;
    const fake = join(scratch, 'older-node.cjs');
    writeFileSync(fake, `Object.defineProperty(process, 'version', { value: 'v${older}' });\nObject.defineProperty(process.versions, 'node', { value: '${older}' });\n`);
    const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: scratch, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require ${fake}` } });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output).not.toBe(0);
    expect(output).toContain('EBADENGINE');
    expect(output).toContain(`"node":">=${floor}"`);
    expect(output).toContain('npm install --prefix ~/.node22 node@22');
    expect(existsSync(join(scratch, 'node_modules')), 'nothing was installed').toBe(false);
  });
});

it('leaves no installed dependency with an install script the project has not reviewed, so a clean install warns of none', () => {
  // npm 11 ends an install with a warning for each such script (esbuild's postinstall, before
  // package.json allowed it); `npm install-scripts ls` lists them from node_modules.
  const result = spawnSync('npm', ['install-scripts', 'ls'], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout.trim()).toBe('No packages with unreviewed install scripts.');
});
