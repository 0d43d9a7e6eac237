import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'devalue';
import { afterAll, describe, expect, it } from 'vitest';
import clearOutput, { removeUnwritten } from '../../src/integrations/clear-output';
import dataStoreFromFile, { DATA_STORE_MODULE, storeModule } from '../../src/integrations/data-store';

const scratch = mkdtempSync(join(tmpdir(), 'audit-events-integrations-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const logger = { warn: (message: string) => warnings.push(message), info: () => {}, error: () => {}, debug: () => {} };
const warnings: string[] = [];

/** Runs an integration's hook with the options it reads; the rest of Astro's options are not needed here. */
function run(integration: ReturnType<typeof clearOutput>, hook: string, options: Record<string, unknown>) {
  const fn = (integration.hooks as Record<string, (options: unknown) => unknown>)[hook];
  return fn?.({ logger, ...options });
}

describe('the data store read from a file', () => {
  it('is the module Astro itself loads the store through', () => {
    // If Astro renames its module, the pages would quietly go back to the bundled store.
    const consts = readFileSync('node_modules/astro/dist/content/consts.js', 'utf8');
    expect(consts).toContain(`DATA_STORE_VIRTUAL_ID = ${JSON.stringify(DATA_STORE_MODULE.slice(1))}`);
  });

  it('gives the pages the store Astro wrote, revived, as a Map of collections', async () => {
    const store = new Map([['versions', new Map([['3.14', { id: '3.14', data: { events: [{ name: 'open', args: ['path', 'mode', 'flags'] }] } }]])]]);
    const file = join(scratch, 'store.json');
    writeFileSync(file, stringify(store));
    const module = join(scratch, 'store.mjs');
    // The module imports devalue as the bundle does, from the project's node_modules.
    writeFileSync(module, storeModule(file).replace("from 'devalue'", `from ${JSON.stringify(import.meta.resolve('devalue'))}`));
    const { default: revived } = (await import(pathToFileURL(module).href)) as { default: unknown };
    expect(revived).toBeInstanceOf(Map);
    expect(revived).toEqual(store);
  });

  it('copies the store when the build asks for it, and deletes the copy when the build is done', () => {
    const cache = join(scratch, 'cache-a');
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'data-store.json'), stringify(new Map()));
    const integration = dataStoreFromFile();
    const plugins: { load: { handler: (id: string) => string | undefined } }[] = [];
    const config = { cacheDir: pathToFileURL(`${cache}/`), experimental: { collectionStorage: 'single-file' } };
    run(integration, 'astro:config:setup', { command: 'build', config, updateConfig: (update: { vite: { plugins: never[] } }) => plugins.push(...update.vite.plugins) });
    const load = plugins[0]?.load.handler;
    expect(load?.('astro:content')).toBeUndefined();
    const code = load?.(DATA_STORE_MODULE) ?? '';
    const copy = /readFileSync\(("[^"]+")/.exec(code)?.[1];
    expect(copy && existsSync(JSON.parse(copy) as string)).toBe(true);
    run(integration, 'astro:build:done', {});
    expect(existsSync(JSON.parse(copy ?? '""') as string)).toBe(false);
  });

  it('leaves other commands to Astro, and says so when Astro never asked for the store', () => {
    const cache = join(scratch, 'cache-b');
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'data-store.json'), stringify(new Map()));
    const config = { cacheDir: pathToFileURL(`${cache}/`), experimental: { collectionStorage: 'single-file' } };
    const updates: unknown[] = [];
    run(dataStoreFromFile(), 'astro:config:setup', { command: 'dev', config, updateConfig: (update: unknown) => updates.push(update) });
    expect(updates).toEqual([]);
    const integration = dataStoreFromFile();
    run(integration, 'astro:config:setup', { command: 'build', config, updateConfig: () => {} });
    warnings.length = 0;
    run(integration, 'astro:build:done', {});
    expect(warnings).toEqual([expect.stringContaining('the pages read the data store from the bundle')]);
  });
});

describe('the previous output, written over', () => {
  it('keeps what the build writes and .git, and removes what an earlier build wrote and this one did not, and the folders that leaves empty', async () => {
    const out = join(scratch, 'dist');
    const file = (path: string, text = 'old') => {
      mkdirSync(join(out, path, '..'), { recursive: true });
      writeFileSync(join(out, path), text);
    };
    // An earlier build's output, written before this build starts.
    file('events/open/index.html');
    file('events/gone/index.html');
    file('events/a/b/index.html');
    file('_astro/old.js');
    file('index.html');
    file('.git/HEAD', 'ref: refs/heads/pages\n');
    const past = new Date(Date.now() - 60_000);
    for (const path of ['events/open/index.html', 'events/gone/index.html', 'events/a/b/index.html', '_astro/old.js', 'index.html', '.git/HEAD']) utimesSync(join(out, path), past, past);
    const integration = clearOutput();
    const updates: unknown[] = [];
    run(integration, 'astro:config:setup', { command: 'build', updateConfig: (update: unknown) => updates.push(update) });
    // Astro's own emptying is turned off: the build writes over the output.
    expect(updates).toEqual([{ vite: { build: { emptyOutDir: false } } }]);
    run(integration, 'astro:config:done', { config: { outDir: pathToFileURL(`${out}/`) } });
    expect(existsSync(join(out, 'events', 'gone', 'index.html'))).toBe(true);
    // The build writes its pages and assets, some where the earlier build had them.
    file('events/open/index.html', 'new');
    file('_astro/new.js', 'new');
    file('index.html', 'new');
    file('versions/index.html', 'new');
    const infos: string[] = [];
    // The pages Astro lists as written are kept without asking when (here, one that says it is old);
    // the rest by the time they were written.
    utimesSync(join(out, 'events', 'open', 'index.html'), past, past);
    const assets = new Map([['/events/[name]', [pathToFileURL(join(out, 'events', 'open', 'index.html'))]]]);
    await run(integration, 'astro:build:done', { assets, logger: { ...logger, info: (message: string) => infos.push(message) } });
    const left = (folder: string): string[] =>
      readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? left(join(folder, entry.name)).map((path) => `${entry.name}/${path}`) : [entry.name]));
    expect(left(out).sort()).toEqual(['.git/HEAD', '_astro/new.js', 'events/open/index.html', 'index.html', 'versions/index.html']);
    expect(readFileSync(join(out, 'events', 'open', 'index.html'), 'utf8')).toBe('new');
    expect(infos).toEqual(['removed 3 files an earlier build wrote and this one did not']);
  });

  it('keeps what was written as the build began, by the file system\'s clock, and removes what is older', () => {
    const out = join(scratch, 'dist-clock');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'written.html'), 'new');
    // The mark's own time, as the file system gives it: on a share whose clock is behind the
    // machine's, what the build writes is no older than the mark, though older than Date.now().
    const mark = statSync(join(out, 'written.html')).mtimeMs;
    expect(removeUnwritten(out, mark)).toBe(0);
    expect(removeUnwritten(out, mark + 1)).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });

  it('does nothing outside a build', async () => {
    const integration = clearOutput();
    const updates: unknown[] = [];
    run(integration, 'astro:config:setup', { command: 'dev', updateConfig: (update: unknown) => updates.push(update) });
    const out = join(scratch, 'dist-dev');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'index.html'), 'kept');
    utimesSync(join(out, 'index.html'), new Date(0), new Date(0));
    run(integration, 'astro:config:done', { config: { outDir: pathToFileURL(`${out}/`) } });
    await run(integration, 'astro:build:done', { assets: new Map() });
    expect(updates).toEqual([]);
    expect(readdirSync(out)).toEqual(['index.html']);
  });
});
