import { describe, expect, it } from 'vitest';
import { sharedArguments } from '../../src/lib/views/catalog';
import { argumentEras } from '../../src/lib/versions/events';
import { readCatalog } from '../support/dataset';

const catalog = readCatalog();

describe('the events that share an argument with an event', () => {
  it('gives, for every event, the first of the others that carry each of its arguments and how many do', () => {
    for (const event of catalog.events) {
      const names = [...new Set(argumentEras(event).flatMap((era) => era.args))];
      // Walked the long way: every use of each name, the event's own left out.
      const expected = names.flatMap((name) => {
        const others = catalog.arguments.find((group) => group.name === name)?.uses.filter((use) => use.event !== event) ?? [];
        return others.length > 0 ? [{ name, uses: others.slice(0, 3), count: others.length }] : [];
      });
      expect(sharedArguments(catalog, event, 3), event.name).toEqual(expected);
    }
  });

  it('counts every other event carrying `path`, however few it lists', () => {
    const open = catalog.byName.get('open');
    const [path] = open ? sharedArguments(catalog, open, 2) : [];
    expect(path?.name).toBe('path');
    expect(path?.uses).toHaveLength(2);
    // os.listdir, os.scandir, shutil.rmtree … carry a `path` too: dozens, not two.
    expect(path?.count).toBeGreaterThan(10);
    expect(path?.uses.map((use) => use.event.name)).not.toContain('open');
  });
});
