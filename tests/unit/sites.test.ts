import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sinceWhen, unreadBefore } from '../../src/lib/views/describe';
import { mismatches, raiseSites, siteLanguage, siteUrl } from '../../src/lib/versions/events';
import { readCatalog } from '../support/dataset';

const catalog = readCatalog();
const { events, versions, scanned } = catalog;
const event = (name: string) => {
  const found = events.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no event ${name}`);
  return found;
};
const raw = versions.map((version) => JSON.parse(readFileSync(`content/versions/${version.version}.json`, 'utf8')));

describe('since when', () => {
  it('object.__getattr__ was raised from 3.8.0 and documented from 3.8.7, and says so', () => {
    const since = sinceWhen(event('object.__getattr__'), scanned);
    expect(since?.summary).toEqual(['raised since 3.8.0', 'documented since 3.8.7']);
    expect(since?.notes[0]).toMatch(/^CPython raised it before the docs listed it: 3\.8\.0 raises it, but the docs list it only from 3\.8\.7\./);
  });

  it('sys.monitoring.register_callback is raised since 3.12.0 and documented in 3.13.15, not in 3.13.0: nothing between was read', () => {
    const since = sinceWhen(event('sys.monitoring.register_callback'), scanned);
    expect(since?.summary).toEqual(['raised since 3.12.0', 'documented in 3.13.15, not in 3.13.0 (releases between were not scanned)']);
    expect(since?.notes[0]).toMatch(/the docs list it only from 3\.13\.15 \(not in 3\.13\.0; the releases between were not scanned\)/);
  });

  it('os._clearenv is documented in 3.15.2, not in 3.15.0a8, and no source as new was scanned', () => {
    expect(sinceWhen(event('os._clearenv'), scanned)?.summary).toEqual([
      'raised: not known (the newest source scanned, 3.14.0rc1, is older)',
      'documented in 3.15.2, not in 3.15.0a8 (releases between were not scanned)',
    ]);
  });

  it('marshal.loads is raised since 3.9.7: a patch release added it', () => {
    const since = sinceWhen(event('marshal.loads'), scanned);
    expect(since?.summary[0]).toBe('raised since 3.9.7');
    expect(since?.notes).toContain('A patch release added it: 3.9.7 raises it, 3.9.0 to 3.9.6 do not.');
  });

  it('a removed event says when it was last raised and documented', () => {
    expect(sinceWhen(event('nntplib.connect'), scanned)?.summary).toEqual([
      'raised since 3.8.0',
      'documented since 3.8.0',
      'last raised in 3.12.6',
      'last documented in 3.12.6',
    ]);
  });

  it('a documented name never raised, and a raised name never documented, say so', () => {
    expect(sinceWhen(event('sys.set_asyncgen_hooks_firstiter'), scanned)?.summary).toEqual([
      'never raised under this name by 3.8.0 to 3.14.0rc1',
      'documented since 3.8.0',
    ]);
    const raisedOnly = sinceWhen(event('system'), scanned);
    expect(raisedOnly?.summary).toEqual(['raised since 3.8.0', 'never documented', 'last raised in 3.8.0']);
  });
});

describe('releases between two read releases', () => {
  const read = ['3.8.0', '3.8.1', '3.9.0', '3.9.7', '3.9.9', '3.14.0rc1', '3.14.6', '3.14.10', '3.15.0a1', '3.15.0a2', '3.15.0b1', '3.15.0rc1', '3.15.0', '3.15.2', '3.16.0a3'];
  it.each<[release: string, previous: string | undefined, why: string]>([
    ['3.8.0', undefined, 'the first release read'],
    ['3.8.1', undefined, 'the patch release right after 3.8.0'],
    ['3.9.0', undefined, 'a minor line’s first final release, after the line before'],
    ['3.9.9', '3.9.7', '3.9.8 was not read'],
    ['3.14.0rc1', '3.9.9', 'the 3.14 alphas and betas were not read'],
    ['3.14.6', '3.14.0rc1', '3.14.0 to 3.14.5 were not read'],
    ['3.15.0a1', undefined, 'a first alpha starts its line'],
    ['3.15.0a2', undefined, 'the next alpha'],
    ['3.15.0b1', undefined, 'a first beta follows an alpha'],
    ['3.15.0rc1', undefined, 'a first candidate follows a beta'],
    ['3.15.0', undefined, 'a final release follows its candidates'],
    ['3.15.2', '3.15.0', '3.15.1 was not read'],
    ['3.16.0a3', '3.15.2', '3.16.0a1 and a2 were not read'],
  ])('%s: %s (%s)', (release, previous) => {
    expect(unreadBefore(release, read)).toBe(previous);
  });
});

describe('raise sites', () => {
  it('show the newest scanned release’s sites, linked at its tag, and say C or Python', () => {
    const { newest } = raiseSites(event('socket.connect'), versions);
    expect(newest?.release).toBe('3.14.0rc1');
    expect(newest?.sites.every((site) => site.file === 'Modules/socketmodule.c')).toBe(true);
    const [site] = newest?.sites ?? [];
    expect(site && siteUrl('3.14.0rc1', site)).toBe(`https://github.com/python/cpython/blob/v3.14.0rc1/Modules/socketmodule.c#L${site?.line}`);
    expect(siteLanguage({ file: 'Modules/socketmodule.c' })).toBe('C');
    expect(siteLanguage({ file: 'Lib/subprocess.py' })).toBe('Python');
  });

  it('group earlier releases’ sites by file and function, with each release’s line, so a moved site is one row', () => {
    const connect = event('socket.connect');
    const { releases, rows } = raiseSites(connect, versions);
    expect(releases).toEqual(versions.filter((version) => version.codeRelease !== null).map((version) => version.codeRelease));
    // As many rows as distinct file and function pairs in all the files, however often the lines moved.
    const pairs = new Set(
      raw.flatMap((file) => file.events.filter((e: { name: string }) => e.name === 'socket.connect').flatMap((e: { raised_at?: { file: string; function: string }[] }) => (e.raised_at ?? []).map((s) => `${s.file} ${s.function}`))),
    );
    expect(rows.map((row) => `${row.file} ${row.function}`).sort()).toEqual([...pairs].sort());
    for (const row of rows) {
      for (const [release, lines] of row.lines) {
        const file = raw.find((candidate) => candidate.code_release === release);
        const listed = file.events.find((e: { name: string }) => e.name === 'socket.connect').raised_at.filter((s: { file: string; function: string }) => s.file === row.file && s.function === row.function);
        expect(lines).toEqual(listed.map((s: { line: number }) => s.line));
      }
    }
  });
});

describe('mismatches', () => {
  it('are every documented name that no scanned release raises, derived from the data, with the raised name nearest to it', () => {
    // Computed from the raw files apart from the site's code: documented, scanned, never raised.
    const never = new Set<string>();
    const raisedSomewhere = new Set<string>();
    for (const file of raw) {
      if (file.code_release === null) continue;
      for (const e of [...file.events, ...file.internal_events, ...file.undocumented_events]) {
        if ((e.raised_at ?? []).length > 0) raisedSomewhere.add(e.name);
      }
      for (const e of file.events) if ((e.raised_at ?? []).length === 0) never.add(e.name);
    }
    const expected = [...never].filter((name) => !raisedSomewhere.has(name)).sort();
    const found = mismatches(events);
    expect(found.map((mismatch) => mismatch.documented).sort()).toEqual(expected);
    expect(found.map((mismatch) => [mismatch.documented, mismatch.raised])).toEqual([
      ['sys.set_asyncgen_hooks_finalizer', 'sys.set_asyncgen_hook_finalizer'],
      ['sys.set_asyncgen_hooks_firstiter', 'sys.set_asyncgen_hook_firstiter'],
    ]);
  });

  it('leave out names documented only by versions whose source was not scanned', () => {
    // winreg.DeleteTree: only the 3.15 pre-release lists it, and no 3.15 source was scanned.
    expect(mismatches(events).map((mismatch) => mismatch.documented)).not.toContain('winreg.DeleteTree');
  });
});
