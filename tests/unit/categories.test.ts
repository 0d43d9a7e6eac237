import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCategories, parseCategories, type Category } from '../../src/lib/views/categories';
import { readCatalog } from '../support/dataset';

const FILE = 'content/categories.json';
const catalog = readCatalog();
const names = catalog.events.map((event) => event.name);
const categories = parseCategories(readFileSync(FILE, 'utf8'), FILE);
const built = buildCategories(categories, names, FILE);

describe('the categories of the real data', () => {
  it('put every event of every version, the undocumented ones included, in at least one category', () => {
    expect(names.filter((name) => (built.of.get(name) ?? []).length === 0)).toEqual([]);
    expect(catalog.events.some((event) => event.listing === 'undocumented')).toBe(true);
  });

  it('give each category a name for addresses and filters, a title and a one-sentence meaning', () => {
    for (const category of categories) {
      expect(category.name).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
      expect(category.meaning).toMatch(/^[A-Z][^\n]*\.$/);
    }
    expect(new Set(categories.map((category) => category.name)).size).toBe(categories.length);
  });

  it('sort the events a policy is written over where a hook author expects them', () => {
    const isIn = (event: string, category: string) => built.of.get(event)?.includes(category) ?? false;
    expect(isIn('open', 'filesystem')).toBe(true);
    expect(isIn('socket.connect', 'network')).toBe(true);
    expect(isIn('subprocess.Popen', 'process')).toBe(true);
    expect(isIn('os.putenv', 'environment')).toBe(true);
    expect(isIn('pickle.find_class', 'serialisation')).toBe(true);
    expect(isIn('sys.addaudithook', 'audit-lifecycle')).toBe(true);
    expect(isIn('os._clearenv', 'environment')).toBe(true);
    expect(isIn('sys.remote_exec', 'audit-lifecycle') || isIn('sys.remote_exec', 'code-execution')).toBe(true);
  });
});

describe('a categories file that is wrong fails, naming the file, the category or event, and the fault', () => {
  const one: Category = { name: 'filesystem', title: 'Filesystem', meaning: 'Files.', events: ['open'] };
  const file = (categoryList: unknown) => JSON.stringify({ about: 'A test.', categories: categoryList });

  it('is not JSON, or breaks the schema', () => {
    expect(() => parseCategories('{', 'c.json')).toThrow(/^c\.json: not JSON/);
    expect(() => parseCategories(file([{ ...one, name: 'File System' }]), 'c.json')).toThrow('c.json: category "File System": name: a category is named in lowercase words joined by hyphens');
    expect(() => parseCategories(file([{ ...one, meaning: 'no capital' }]), 'c.json')).toThrow('c.json: category "filesystem": meaning: a meaning is one sentence');
    expect(() => parseCategories(file([{ ...one, events: [] }]), 'c.json')).toThrow('c.json: category "filesystem": events: a category needs at least one event');
  });

  it('names an event no version knows, lists a category twice, or leaves an event out', () => {
    expect(() => buildCategories([{ ...one, events: ['open', 'nope.event'] }], ['open'], 'c.json')).toThrow('c.json: event "nope.event": is in category "filesystem", but no version of the data knows the event');
    expect(() => buildCategories([one, one], ['open'], 'c.json')).toThrow('c.json: category "filesystem" is listed twice');
    expect(() => buildCategories([one], ['open', 'exec'], 'c.json')).toThrow('c.json: event "exec": is in no category: every event needs at least one');
    expect(buildCategories([one, { ...one, name: 'other' }], ['open'], 'c.json').of.get('open')).toEqual(['filesystem', 'other']);
  });
});
