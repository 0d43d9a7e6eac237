import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePythons } from '../../src/cli/interpreters';
import { attacksData, ATTACKS_FILE, type AttacksData } from '../../src/lib/hooks/attacks';
import { expectedOutcome, HOOKS, helloServer, readAttacks, runAttacks, type HookKind, type Result } from '../support/attacks';

// Every attack of tests/attacks/ against both hooks the builder writes, in every native CPython:
// each comes out as its header says (stopped, or through where it names a CPython gap), and the
// outcomes are the ones content/attacks.json holds, from which /hooks/limits/ is built.
// ATTACKS_WRITE=1 npx vitest run tests/unit/attacks.test.ts writes that file from this run.
const attacks = readAttacks();
const pythons = nativePythons();
const VERSIONS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15'];
const scratch = mkdtempSync(join(tmpdir(), 'audit-events-attacks-'));
const results = new Map<string, Map<string, Record<HookKind, Result>>>();
let server: Server | undefined;

beforeAll(async () => {
  const hello = await helloServer();
  server = hello.server;
  for (const python of pythons) results.set(python.minor, await runAttacks(python, attacks, scratch, hello.port));
}, 900_000);
afterAll(() => {
  server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the red team, against the Python and the C hook', () => {
  it('runs in every version the site covers, 3.8 to 3.15', () => {
    const missing = VERSIONS.filter((version) => !pythons.some((python) => python.minor === version));
    expect(missing, `no native CPython here for ${missing.join(', ')}: npm run pythons fetches 3.13.18, 3.14.10 and 3.15.2, and pyenv holds 3.8 to 3.12`).toEqual([]);
  });

  for (const version of VERSIONS) {
    it(`${version}: every attack is stopped, or goes through where its header names a gap, in both hooks`, () => {
      const run = results.get(version);
      expect(run, `no run in ${version}`).toBeDefined();
      const wrong = attacks.flatMap((attack) =>
        HOOKS.flatMap((hook) => {
          const result = run?.get(attack.id)?.[hook];
          const wanted = expectedOutcome(attack, hook, version);
          return result?.outcome === wanted ? [] : [`${attack.id} (${hook}): expected ${wanted}, got ${result?.outcome ?? 'nothing'}: ${result?.detail ?? ''}`];
        }),
      );
      expect(wrong).toEqual([]);
    });
  }

  it('holds the outcomes the limits page shows (content/attacks.json)', () => {
    const fresh: AttacksData = attacksData(
      attacks,
      pythons.filter((python) => VERSIONS.includes(python.minor)).map((python) => ({ version: python.minor, release: python.release })),
      (id, version, hook) => results.get(version)?.get(id)?.[hook]?.outcome ?? 'failed',
    );
    const text = `${JSON.stringify(fresh, null, 2)}\n`;
    if (process.env['ATTACKS_WRITE'] === '1') writeFileSync(ATTACKS_FILE, text);
    expect(existsSync(ATTACKS_FILE), 'content/attacks.json: ATTACKS_WRITE=1 npx vitest run tests/unit/attacks.test.ts writes it').toBe(true);
    expect(JSON.parse(readFileSync(ATTACKS_FILE, 'utf8')), 'content/attacks.json differs from this run: ATTACKS_WRITE=1 npx vitest run tests/unit/attacks.test.ts rewrites it').toEqual(fresh);
  });
});
