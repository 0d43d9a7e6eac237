import { expect, test } from '@playwright/test';
import { apisRaising, callProgram } from '../../src/lib/behaviour/calls';
import { documentedApis } from '../../src/lib/views/describe';
import { apiPath } from '../../src/lib/names/naming';
import { behaviour, catalog } from './table';

// What the site says of calls comes from the committed traces: the expected results are read from
// them by the same code, and checked here as a visitor meets them.
const call = (id: string) => {
  const found = behaviour.apis.flatMap((api) => api.calls).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no call ${id}`);
  return found;
};

test('/apis/shutil.copy/ shows, per traced version, the events the call raised in order, its code, and a link to run it', async ({ page }) => {
  await page.goto(apiPath('shutil.copy'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('shutil.copy');
  const section = page.locator('[data-call="shutil.copy"]');
  await expect(section.locator('pre')).toContainText("shutil.copy('src.txt', 'dst.txt')");
  for (const version of behaviour.versions) {
    const traced = call('shutil.copy').traces.get(version.version);
    if (traced?.status !== 'ok') continue;
    const run = section.locator(`[data-versions~="${version.version}"]`);
    await expect(run.locator('ol > li'), version.python).toHaveCount(traced.events.length);
    await expect(run.locator('ol > li a'), version.python).toHaveText(traced.events.map((event) => event.name));
  }
  // In every native version: the copy, both opens, then the mode.
  const native = call('shutil.copy').traces.get('3.13');
  expect(native?.status === 'ok' && native.events.map((event) => event.name)).toEqual(['shutil.copyfile', 'open', 'open', 'shutil.copymode', 'os.chmod']);
  // The playground opens with the call's whole program: its setup, then the call.
  const href = (await section.getByRole('link', { name: 'Run it in the playground' }).getAttribute('href')) ?? '';
  expect(href).toMatch(/^\/try\/\?code=/);
  expect(new URL(href, 'http://site.test').searchParams.get('code')).toBe(callProgram(call('shutil.copy')));
});

test('/apis/ lists every traced API by module, each linked, with what it raises', async ({ page }) => {
  await page.goto('apis/');
  const links = page.getByRole('main').locator('section li > a');
  await expect(links).toHaveCount(behaviour.apis.length);
  const readText = page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('link', { name: 'pathlib.Path.read_text', exact: true }) });
  await expect(readText).toContainText('open');
  await readText.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('pathlib.Path.read_text');
});

test('/events/open/ says which calls raise it, in which versions, and the types each argument arrived with', async ({ page }) => {
  await page.goto('events/open/');
  const section = page.getByRole('region', { name: 'Raised when you call' });
  // The APIs its docs name first (open(), io.open(), os.open()), then those raising fewest other events.
  const open = catalog.events.find((event) => event.name === 'open');
  const observed = behaviour.events.get('open');
  if (!open || !observed) throw new Error('open is neither in the tables nor in the traces');
  const ranked = apisRaising(observed, documentedApis(open), behaviour).map((row) => row.api);
  expect(ranked.slice(0, 3).sort()).toEqual(['io.open', 'open', 'os.open']);
  const shown = section.locator('ul').first().getByRole('link');
  await expect(shown).toHaveText(ranked.slice(0, await shown.count()));
  expect(await shown.count()).toBeGreaterThanOrEqual(3);
  await expect(section).toContainText(`and ${ranked.length - (await shown.count())} more APIs`);
  const types = section.getByRole('region', { name: 'Argument types observed' });
  await expect(types.getByRole('columnheader')).toHaveText(['Versions', 'path', 'mode', 'flags']);
  // The path arrived as each of the types the 3.13 trace saw, named in order.
  const path = observed.byVersion.get('3.13')?.types[0];
  expect(path?.length).toBeGreaterThan(0);
  await expect(types).toContainText([...(path ?? [])].sort().join(', '));
  await expect(types.getByRole('row').nth(1)).toContainText('str');
});

test('/behaviour/ sets each traced version’s docs beside what its calls raised, with the share of its events they fire', async ({ page }) => {
  await page.goto('behaviour/');
  await expect(page.locator('section[data-version]')).toHaveCount(behaviour.versions.length);
  // The newest stable version is traced natively, and its calls reach nearly all it lists.
  const newest = page.locator('section[data-version="3.15"]');
  await expect(newest.getByRole('heading', { level: 2 })).toHaveText(/^CPython 3\.15\.\d+$/);
  const coverage = await newest.locator('[data-part="coverage"]').innerText();
  const [, fired, observable] = /fire (\d+) of the other (\d+)/.exec(coverage) ?? [];
  expect(Number(fired) / Number(observable)).toBeGreaterThanOrEqual(0.98);
  // The playground's WebAssembly run is named apart, not as a version's run.
  await expect(page.getByText(/Also traced, and shown apart/)).toContainText('in WebAssembly (Pyodide');
  // Windows-only events are never raised here, and say why.
  const never = page.locator('section[data-version="3.13"]');
  await expect(never.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'winreg.OpenKey', exact: true }) })).toContainText('Windows');
  expect(catalog.events.some((event) => event.name === 'winreg.OpenKey')).toBe(true);
});

test('search finds an API by the last part of its name, and its result shows what calling it raises', async ({ page }) => {
  await page.goto('./');
  await page.keyboard.press('/');
  await page.getByRole('combobox', { name: 'Search events and arguments' }).pressSequentially('read_text');
  const first = page.locator('#search-results').getByRole('option').first();
  await expect(first).toHaveAttribute('href', `/${apiPath('pathlib.Path.read_text')}`);
  await expect(first).toContainText('raises open');
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('pathlib.Path.read_text');
});
