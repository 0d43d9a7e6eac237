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

describe('CI and a newcomer run the same thing: the README’s two commands', () => {
  it('reads both commands from the README, and CI runs them through .ci/newcomer with no npm step of its own', async () => {
    const { readmeCommands } = (await import('../../.ci/readme-commands.mjs')) as { readmeCommands: (text: string) => { serve: string; test: string } };
    const { serve, test } = readmeCommands(read('README.md'));
    expect(serve).toMatch(/\bnpm start$/);
    expect(test).toMatch(/\bnpm test$/);
    // CI may install only what the README lists as needs (Node, Chromium); any npm command of
    // the project's own would be a step a newcomer does not take.
    const ci = read('.ci/run');
    const projectSteps = ci.split('\n').filter((line) => /^\s*npm (ci|test|start|run)\b/.test(line));
    expect(projectSteps).toEqual([]);
    expect(ci.trimEnd().split('\n').at(-1)).toBe('bash .ci/newcomer');
    const newcomer = read('.ci/newcomer');
    expect(newcomer).toContain('git clone -q "$here"');
    expect(newcomer).toContain('bash -c "$serve"');
    expect(newcomer).toContain('bash -c "$test"');
  });

  it('refuses a README whose section lost a command or gained one, saying what it found', async () => {
    const { readmeCommands } = (await import('../../.ci/readme-commands.mjs')) as { readmeCommands: (text: string) => unknown };
    const section = (block: string) => `# X\n\n## The two commands\n\n\`\`\`sh\n${block}\`\`\`\n\n## Next\n`;
    expect(() => readmeCommands('# X\n')).toThrow('no "## The two commands" section');
    expect(() => readmeCommands(section('npm ci && npm start   # serve\n'))).toThrow('not ["npm ci && npm start"]');
    expect(() => readmeCommands(section('npm start\nnpm test\nnpm run bench\n'))).toThrow('one command that serves the site');
    expect(readmeCommands(section('npm ci && npm start   # serve\nnpm ci && npm test   # test\n'))).toEqual({ serve: 'npm ci && npm start', test: 'npm ci && npm test' });
  });
});
