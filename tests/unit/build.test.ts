import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const outDir = mkdtempSync(join(tmpdir(), 'audit-events-bad-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

it('fails a real astro build from a malformed table, naming the file, the line and the fault', () => {
  const fixture = 'tests/fixtures/duplicate-event.txt';
  const build = spawnSync('npx', ['astro', 'build'], {
    env: { ...process.env, AUDIT_EVENTS_FILE: fixture, OUT_DIR: outDir },
    encoding: 'utf8',
  });
  expect(build.status, 'exit status of astro build').not.toBe(0);
  expect(`${build.stdout}\n${build.stderr}`).toContain(`${fixture}:11: event "open" is listed twice (first at line 7)`);
});
