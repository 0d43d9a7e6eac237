import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const outDir = mkdtempSync(join(tmpdir(), 'audit-events-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Runs a real `astro build` into a scratch directory with extra environment variables. */
function build(env: Record<string, string>) {
  return spawnSync('npx', ['astro', 'build'], { env: { ...process.env, ...env, OUT_DIR: outDir }, encoding: 'utf8' });
}

it('fails a real astro build from a malformed table, naming the file, the line and the fault', () => {
  const fixture = 'tests/fixtures/duplicate-event.txt';
  const result = build({ AUDIT_EVENTS_FILE: fixture });
  expect(result.status, 'exit status of astro build').not.toBe(0);
  expect(`${result.stdout}\n${result.stderr}`).toContain(`${fixture}:11: event "open" is listed twice (first at line 7)`);
});

it('fails a real astro build when the references disagree with the table, naming the event and both counts', () => {
  const result = build({
    AUDIT_EVENTS_FILE: 'tests/fixtures/valid-small.txt',
    AUDIT_REFERENCES_FILE: 'tests/fixtures/references-count-differs.json',
  });
  expect(result.status).not.toBe(0);
  expect(`${result.stdout}\n${result.stderr}`).toContain(
    'tests/fixtures/references-count-differs.json: event "socket.connect" has 1 references, but tests/fixtures/valid-small.txt:9 has 2 markers',
  );
});

it('links another docs version when DOCS_BASE_URL names one', () => {
  const result = build({ DOCS_BASE_URL: 'https://docs.python.org/3.12/' });
  expect(result.status, result.stderr).toBe(0);
  const page = readFileSync(join(outDir, 'events/socket.connect/index.html'), 'utf8');
  expect(page).toContain('href="https://docs.python.org/3.12/library/socket.html#socket.socket.connect"');
  expect(page).not.toContain('https://docs.python.org/3.8/');
});
