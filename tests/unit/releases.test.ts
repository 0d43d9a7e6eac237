import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newerReleases, releasesOf } from '../../src/lib/import/releases';
import { readWorkflow } from '../support/workflow';

const TAGS = 'tests/fixtures/cpython-tags.txt';
const tags = readFileSync(TAGS, 'utf8').split('\n');
// The data as it stands, one release per minor version.
const DATA = [
  ['3.8', '3.8.20'],
  ['3.9', '3.9.20'],
  ['3.10', '3.10.15'],
  ['3.11', '3.11.10'],
  ['3.12', '3.12.6'],
  ['3.13', '3.13.15'],
  ['3.14', '3.14.10'],
  ['3.15', '3.15.2'],
].map(([version, release]) => ({ version: version ?? '', release: release ?? '' }));

describe('what is newer than the data', () => {
  it('reads releases from git ls-remote’s tags, peeled ones once, and nothing else', () => {
    expect(releasesOf(tags)).toEqual(['3.7.17', '3.8.20', '3.9.20', '3.9.25', '3.10.15', '3.12.6', '3.13.15', '3.13.16', '3.14.10', '3.15.0rc2', '3.15.2', '3.15.3', '3.16.0a1', '3.16.0a2']);
    expect(releasesOf(['v3.15.2', 'v3.15.2^{}', 'v3.15', 'vv3.15.2'])).toEqual(['3.15.2']);
  });

  it('is the newest release of each covered minor line the data holds an older one of, and a new line’s newest pre-release', () => {
    // 3.7 is older than the site; 3.11 has no newer tag here; 3.15.0rc2 is older than the data's 3.15.2.
    expect(newerReleases(tags, DATA)).toEqual(['3.9.25', '3.13.16', '3.15.3', '3.16.0a2']);
  });

  it('is nothing once the data holds every newest release', () => {
    const current = DATA.map((file) => ({ ...file, release: releasesOf(tags).filter((release) => release.startsWith(`${file.version}.`)).at(-1) ?? file.release }));
    expect(newerReleases(tags, [...current, { version: '3.16', release: '3.16.0a2' }])).toEqual([]);
  });

  it('is the line’s final once it is out, after its pre-releases', () => {
    const withFinal = [...tags, 'x\trefs/tags/v3.16.0rc1', 'x\trefs/tags/v3.16.0'];
    expect(newerReleases(withFinal, [...DATA, { version: '3.16', release: '3.16.0a2' }])).toContain('3.16.0');
  });
});

describe('npm run releases', () => {
  it('prints the releases newer than content/versions, one per line', () => {
    const result = spawnSync('npx', ['tsx', 'src/cli/releases.ts', TAGS], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const files = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15'].map((version) => JSON.parse(readFileSync(`content/versions/${version}.json`, 'utf8')) as { version: string; release: string });
    expect(result.stdout.trim().split('\n')).toEqual(newerReleases(tags, files));
  });
});

describe('the releases workflow', () => {
  const workflow = readWorkflow<'import'>('releases.yml');
  const steps = workflow.jobs.import.steps;
  // Every command of the shell blocks of the README and docs/importing.md (`npm ci && npm test` is two).
  const readme = [...`${readFileSync('README.md', 'utf8')}\n${readFileSync('docs/importing.md', 'utf8')}`.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((block) => (block[1] ?? '').split('\n'))
    .flatMap((line) => line.replace(/\s+#.*$/, '').split('&&'))
    .map((line) => line.trim());
  const runLines = steps.flatMap((step) => (step.run ?? '').split('\n').map((line) => line.trim()).filter((line) => /^(npm|git|curl)\b/.test(line)));
  // A command without its operands (what follows `--`, paths, quoted words, redirections): `npm run import --`; and the options it passes after `--`.
  const shape = (line: string) => {
    const words = line.split(/\s+/);
    const split = words.indexOf('--');
    const cut = split !== -1 ? split + 1 : words.findIndex((word) => /^["'$~>]/.test(word) || (word.includes('/') && !word.includes('://')));
    const head = words.slice(0, cut === -1 ? words.length : cut);
    return {
      command: head.filter((word) => word === '--' || !word.startsWith('--')).join(' '),
      options: split === -1 ? [] : words.slice(split + 1).filter((word) => /^--[a-z]/.test(word)),
    };
  };

  it('runs weekly and on demand', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(JSON.stringify(workflow.on['schedule'])).toMatch(/"cron":"\d+ \d+ \* \* \d"/);
  });

  it('lists the tags, picks what is newer, imports each release from its tag’s tree, builds and tests, and opens a pull request', () => {
    const order = ['npm ci', 'git ls-remote', 'npm run --silent releases --', 'curl -fsSL', 'npm run import --', 'npm test'];
    expect(runLines.map((line) => order.find((prefix) => line.startsWith(prefix)) ?? line)).toEqual(order);
    expect(steps.at(-1)?.uses).toMatch(/^peter-evans\/create-pull-request@/);
    expect(steps.at(-1)?.with?.['add-paths']).toBe('content/versions');
    expect(steps.at(-1)?.with?.['body-path']).toBe('${{ runner.temp }}/body.md');
  });

  it('runs the commands of the README and docs/importing.md, with options they show', () => {
    for (const line of runLines.filter((candidate) => !candidate.startsWith('curl'))) {
      const { command, options } = shape(line);
      const documented = readme.filter((candidate) => shape(candidate).command === command);
      expect(documented, `the README shows "${command}"`).not.toHaveLength(0);
      for (const option of options) expect(documented.some((candidate) => shape(candidate).options.includes(option)), `the README shows ${command} ${option}`).toBe(true);
    }
  });

  it('reports a failing test in the pull request rather than dropping the import', () => {
    const test = steps.find((step) => step.run?.trim() === 'npm test');
    expect(test?.['continue-on-error']).toBe(true);
    expect(steps.find((step) => step.run?.includes('body.md'))?.run).toContain('${{ steps.test.outcome }}');
  });
});
