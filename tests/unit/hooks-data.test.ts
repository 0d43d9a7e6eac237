import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cHook, emptyPolicy, resolvePolicy, type Policy } from '../../src/lib/hooks';
import { packBuilderData, tryCode, unpackBuilderData, versionsInWords } from '../../src/lib/hooks/data';
import { writeHooks } from '../../src/lib/hooks/write';
import { isRunnable } from '../../src/lib/behaviour/examples';
import { readCatalog, readCategories, readExamples } from '../support/dataset';

const catalog = readCatalog();
const categories = readCategories(catalog);
const all = catalog.versions.map((version) => version.version);
const examples = new Map([...Object.entries(readExamples().events)].flatMap(([event, example]) => (isRunnable(example) ? [[event, example.code] as const] : [])));
const packed = packBuilderData(catalog.events, categories, catalog.mismatches, all, examples);
const builder = unpackBuilderData(JSON.parse(JSON.stringify(packed)));

const policies: [string, Policy][] = [
  ['network denied everywhere', { ...emptyPolicy(all), categories: { network: 'deny' } }],
  ['files unless allowed in 3.11 to 3.13, one event logged', { ...emptyPolicy(['3.11', '3.12', '3.13']), categories: { filesystem: 'unless', process: 'deny' }, events: { 'os.system': 'log' } }],
  ['every category logged in 3.8 and 3.15', { ...emptyPolicy(['3.8', '3.15']), categories: Object.fromEntries(categories.categories.map((category) => [category.name, 'log'])) }],
  ['undocumented and renamed events by name', { ...emptyPolicy(all), events: { '_winapi.CopyFile2': 'deny', 'sys.remote_exec': 'deny', 'sys.set_asyncgen_hooks_firstiter': 'log' } }],
];

describe('the builder’s data, as the page fetches it', () => {
  it.each(policies)('%s: gives the very rules the full data gives, shapes and versions included', (_, policy) => {
    const rules = resolvePolicy(policy, builder.events, builder.categories, builder.mismatches);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules).toEqual(resolvePolicy(policy, catalog.events, categories, catalog.mismatches));
  });

  it('keeps both shapes of an event whose arguments changed within a version (sys.remote_exec in 3.14)', () => {
    const remote = resolvePolicy({ ...emptyPolicy(['3.14']), events: { 'sys.remote_exec': 'log' } }, builder.events, builder.categories, builder.mismatches)[0];
    expect(remote?.shapes.map((shape) => shape.args.length).sort()).toEqual([1, 2]);
  });

  it('gives a category an example only where one of its events has one, and the first such', () => {
    for (const category of packed.categories) {
      const first = category.events.map((event) => examples.get(event)).find((code) => code !== undefined);
      expect(category.example, category.name).toBe(first);
    }
    expect(packed.categories.some((category) => category.example === undefined)).toBe(true);
  });
});

describe('the hooks the builder writes', () => {
  it('name the versions as chosen, in words', () => {
    expect(versionsInWords(['3.12'], all)).toBe('3.12');
    expect(versionsInWords(['3.13', '3.11', '3.12'], all)).toBe('3.11 to 3.13');
    expect(versionsInWords(['3.8', '3.10', '3.12'], all)).toBe('3.8, 3.10 and 3.12');
    expect(versionsInWords([], all)).toBe('no version');
  });

  it('carry their own address, and one for no choice at all, and link the events that can remove them', () => {
    const policy = { ...emptyPolicy(all), categories: { network: 'deny' as const } };
    const { python, query, rules, context } = writeHooks(builder, policy, 'https://example.org/hooks/');
    expect(query).toBe('deny=network');
    expect(python).toContain('https://example.org/hooks/?deny=network');
    expect(cHook(policy, rules, context)).toContain('https://example.org/hooks/?deny=network');
    // And link the events that can remove any hook.
    expect(python).toContain('The events that can remove a hook: https://example.org/categories/native-memory/');
    expect(cHook(policy, rules, context)).toContain('The events that can remove a hook: https://example.org/categories/native-memory/');
    expect(writeHooks(builder, emptyPolicy(all), 'https://example.org/hooks/').python).toContain('Rebuild or share it: https://example.org/hooks/\n');
  });

  it('give the playground code that runs every covered category’s example, each on its own', () => {
    const policy = { ...emptyPolicy(all), categories: { environment: 'deny' as const, network: 'log' as const }, events: { 'marshal.dumps': 'deny' as const } };
    const code = tryCode(builder, policy);
    for (const name of ['environment', 'network', 'serialisation']) expect(code).toContain(builder.examples[name]?.split('\n')[0]);
    expect(tryCode(builder, emptyPolicy(all))).toBe('');
    // It is Python that compiles, whatever the examples hold.
    const compiled = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "<try>", "exec")'], { input: code, encoding: 'utf8' });
    expect(compiled.status, compiled.stderr).toBe(0);
  });
});
