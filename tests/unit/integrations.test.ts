import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'devalue';
import { afterAll, describe, expect, it } from 'vitest';
import clearOutput, { setAside } from '../../src/integrations/clear-output';
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

describe('the previous output, cleared without waiting', () => {
  it('moves everything but .git aside, and the build ends once it is deleted', async () => {
    const out = join(scratch, 'dist');
    const cache = join(scratch, 'cache-c');
    mkdirSync(join(out, 'events', 'open'), { recursive: true });
    mkdirSync(join(out, '.git'), { recursive: true });
    writeFileSync(join(out, 'events', 'open', 'index.html'), 'stale');
    writeFileSync(join(out, 'index.html'), 'stale');
    writeFileSync(join(out, '.git', 'HEAD'), 'ref: refs/heads/pages\n');
    const integration = clearOutput();
    const updates: unknown[] = [];
    run(integration, 'astro:config:setup', { command: 'build', updateConfig: (update: unknown) => updates.push(update) });
    // Astro's own emptying is turned off: this integration does it.
    expect(updates).toEqual([{ vite: { build: { emptyOutDir: false } } }]);
    run(integration, 'astro:config:done', { config: { outDir: pathToFileURL(`${out}/`), cacheDir: pathToFileURL(`${cache}/`) } });
    expect(readdirSync(out)).toEqual(['.git']);
    await run(integration, 'astro:build:done', {});
    expect(readdirSync(join(cache, 'old-output'))).toEqual([]);
    expect(readFileSync(join(out, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/pages\n');
  });

  it('takes up what a build that is gone left aside, and leaves a running build its own', () => {
    const out = join(scratch, 'dist-empty');
    const aside = join(scratch, 'aside');
    // No process has this number: Linux's largest is 4,194,304.
    mkdirSync(join(aside, '99999999-1', 'events'), { recursive: true });
    mkdirSync(join(aside, `${process.ppid}-2`), { recursive: true });
    expect(setAside(out, aside)).toEqual([join(aside, '99999999-1')]);
  });

  it('does nothing outside a build', () => {
    const integration = clearOutput();
    const updates: unknown[] = [];
    run(integration, 'astro:config:setup', { command: 'dev', updateConfig: (update: unknown) => updates.push(update) });
    const out = join(scratch, 'dist-dev');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'index.html'), 'kept');
    run(integration, 'astro:config:done', { config: { outDir: pathToFileURL(`${out}/`), cacheDir: pathToFileURL(`${scratch}/cache-d/`) } });
    expect(updates).toEqual([]);
    expect(readdirSync(out)).toEqual(['index.html']);
  });
});
