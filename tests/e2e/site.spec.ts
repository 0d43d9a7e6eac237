import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { hookFor, rangeOf } from '../../src/lib/views/describe';
import { eventPath, modulePath } from '../../src/lib/names/naming';
import { docsListing } from '../../src/lib/versions/events';
import { catalog } from './table';

const { events, versions } = catalog;
const eventLinks = (page: Page) => page.getByRole('main').locator('ul li > a[href*="/events/"]');
const byModule = (names: string[]) => [...names].sort((a, b) => {
  const [ma, mb] = [a, b].map((name) => (name.includes('.') ? name.slice(0, name.indexOf('.')) : 'builtins'));
  return ma === mb ? (a < b ? -1 : 1) : (ma ?? '') < (mb ?? '') ? -1 : 1;
});
/** The raw facts file of a version, read apart from the site's code. */
const file = (version: string) => JSON.parse(readFileSync(`content/versions/${version}.json`, 'utf8')) as {
  events: { name: string; references: unknown[] }[];
};

test.describe('the index', () => {
  test('lists every documented event by module, then those raised internally, then the undocumented, each with its versions', async ({ page }) => {
    await page.goto('./');
    const documented = events.filter((event) => event.listing === 'documented');
    const internal = events.filter((event) => event.listing === 'internal');
    const undocumented = events.filter((event) => event.listing === 'undocumented');
    expect(documented).toHaveLength(190);
    const expected = [...byModule(documented.map((event) => event.name)), ...internal.map((event) => event.name), ...undocumented.map((event) => event.name)];
    await expect(eventLinks(page)).toHaveText(expected);
    const row = page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('link', { name: 'nntplib.connect', exact: true }) });
    await expect(row).toContainText('3.8 to 3.12, removed in 3.13');
    const link = page.getByRole('link', { name: 'socket.connect', exact: true });
    await expect(link).toHaveAttribute('href', `/${eventPath('socket.connect')}`);
    await expect(page.getByRole('heading', { name: /Raised internally/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: /^Undocumented/ })).toBeVisible();
  });

  test('groups events by module with a jump list of modules and their counts', async ({ page }) => {
    await page.goto('./');
    const jump = page.getByRole('navigation', { name: 'Jump to a module' });
    const modules = new Set(events.filter((event) => event.listing === 'documented').map((event) => event.module));
    await expect(jump.getByRole('listitem')).toHaveCount(modules.size);
    await expect(jump.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'socket', exact: true }) })).toHaveText('socket 13');
    await jump.getByRole('link', { name: 'tempfile' }).click();
    await expect(page).toHaveURL(/#module-tempfile$/);
    await expect(page.getByRole('heading', { name: /tempfile/ })).toBeInViewport();
  });

  test('is complete with JavaScript turned off, and its version choice narrows the list to one version’s table', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('./');
    await expect(eventLinks(page)).toHaveCount(events.length);
    const choice = page.getByRole('navigation', { name: 'Python version' });
    // Eight versions, every one stable since 3.15.0: no pre-release badge.
    await expect(choice.getByRole('link')).toHaveText(['All : 190', ...versions.map((version) => new RegExp(`^\\s*${version.version.replace('.', '\\.')}\\s*:\\s*\\d+\\s*$`))]);
    expect(versions).toHaveLength(8);
    await expect(choice).not.toContainText('pre-release');
    await expect(choice.getByRole('link', { name: /^All/ })).toHaveAttribute('aria-current', 'page');
    await choice.getByRole('link', { name: /^3\.8 / }).click();
    await expect(page).toHaveURL(/\/versions\/3\.8\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit events of CPython 3.8');
    // Exactly the events of 3.8.json's table, counted from the file itself.
    const expected = file('3.8').events.length;
    expect(expected).toBe(161);
    await expect(page.getByRole('region', { name: 'The table' }).locator('ul li > a[href*="/events/"]')).toHaveCount(expected);
    await expect(page.getByRole('navigation', { name: 'Python version' }).getByRole('link', { name: /^3\.8 / })).toHaveAttribute('aria-current', 'page');
    await page.getByRole('link', { name: 'builtins.input/result', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('builtins.input/result');
    await expect(page.getByRole('button', { name: 'Copy hook' }), 'a button that cannot work stays hidden').toBeHidden();
    await context.close();
  });

  test('opens a version’s table from `?v=`, keeping a search in the address', async ({ page }) => {
    await page.goto('./?v=3.12&q=connect_ex');
    await expect(page).toHaveURL(/\/versions\/3\.12\/\?q=connect_ex$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit events of CPython 3.12');
    await expect(page.getByRole('combobox', { name: 'Search events and arguments' })).toHaveValue('connect_ex');
    await page.goto('./?v=2.7', { waitUntil: 'networkidle' });
    await expect(page, 'a version the site does not know leaves the index as it is').toHaveURL(/\/\?v=2\.7$/);
    await expect(page.getByRole('navigation', { name: 'Python version' }).getByRole('link', { name: /^All/ })).toHaveAttribute('aria-current', 'page');
    await page.goto('./versions/3.12/?v=all');
    await expect(page.getByRole('navigation', { name: 'Python version' }).getByRole('link', { name: /^All/ })).toHaveAttribute('aria-current', 'page');
  });
});

test('every event page, read by the browser, shows its name, its versions, its arguments, its docs links and its hook', async ({ page, baseURL }) => {
  await page.goto('./');
  const read = await page.evaluate(async (paths) => {
    const parser = new DOMParser();
    return Promise.all(
      paths.map(async (path) => {
        const doc = parser.parseFromString(await (await fetch(path)).text(), 'text/html');
        const raisedBy = [...doc.querySelectorAll<HTMLAnchorElement>('[aria-labelledby="raised-by-title"] ol a')];
        const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
        return {
          h1: text(doc.querySelector('h1')),
          title: doc.title,
          range: text(doc.querySelector('[data-range] strong')),
          strip: [...doc.querySelectorAll('[data-version]')].map((item) => `${item.getAttribute('data-version')} ${item.getAttribute('data-listing')}`),
          raisedBy: raisedBy.map((link) => [text(link), link.getAttribute('href')]),
          hook: doc.querySelector('#hook')?.textContent,
        };
      }),
    );
  }, events.map((event) => new URL(eventPath(event.name), baseURL).pathname));
  const mark = { documented: 'documented', internal: 'listed as raised internally', undocumented: 'raised, not documented' } as const;
  events.forEach((event, at) => {
    const shown = read[at];
    expect(shown?.h1, event.name).toBe(event.name);
    expect(shown?.title).toBe(`${event.name} audit event | Audit Events`);
    expect(shown?.range, `${event.name}: its versions in words`).toBe(rangeOf(event, versions));
    const listed = (version: string) => {
      const appearance = event.appearances.find((a) => a.version === version);
      return appearance ? mark[appearance.listing] : 'not documented';
    };
    expect(shown?.strip, `${event.name}: one mark per version`).toEqual(versions.map((version) => `${version.version} ${listed(version.version)}`));
    const listing = docsListing(event, versions);
    expect(shown?.raisedBy, `${event.name}: Raised by`).toEqual(listing?.listing === 'documented' ? listing.references.map((reference) => [reference.api, reference.url]) : []);
    expect(shown?.hook, `${event.name}: the hook`).toBe(hookFor(event, catalog));
  });
});

test('sys._getframe shows no arguments for 3.8 to 3.10 and frame from 3.11, side by side', async ({ page }) => {
  await page.goto('events/sys._getframe/');
  const table = page.getByRole('region', { name: 'Arguments' }).getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['Position', '3.8 to 3.10', '3.11 and later']);
  const first = table.getByRole('row', { name: /args\[0\]/ });
  await expect(first.getByRole('cell').nth(0)).toHaveText('none');
  await expect(first.getByRole('cell').nth(1)).toHaveText(/^\s*frame\s+added\s*$/);
  await expect(table.getByRole('row', { name: /Tuple/ })).toContainText('() no arguments');
  await expect(page.locator('#hook')).toContainText('if len(args) == 0:  # 3.8 to 3.10');
});

test('nntplib.connect says it is no longer documented from 3.13, and its version strip shows it', async ({ page }) => {
  await page.goto('events/nntplib.connect/');
  await expect(page.getByText(/No longer documented from 3\.13/)).toBeVisible();
  await expect(page.locator('[data-version="3.12"]')).toHaveAttribute('data-listing', 'documented');
  await expect(page.locator('[data-version="3.13"]')).toHaveAttribute('data-listing', 'not documented');
  await expect(page.locator('[data-range]')).toHaveText('Documented in 3.8 to 3.12, removed in 3.13.');
  // Its docs links go to the newest docs that list it.
  await expect(page.getByRole('region', { name: 'Raised by' }).getByRole('link', { name: 'Python 3.12 documentation' })).toBeVisible();
});

test('ctypes.seh_exception links its successor, ctypes.set_exception, which links back', async ({ page }) => {
  await page.goto('events/ctypes.seh_exception/');
  await expect(page.getByText(/It was renamed ctypes\.set_exception in 3\.12/)).toBeVisible();
  await page.getByRole('link', { name: 'ctypes.set_exception' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ctypes.set_exception');
  await expect(page.getByText(/Renamed from ctypes\.seh_exception/)).toBeVisible();
});

test('os._clearenv, new in 3.15.2, is documented in 3.15 and later and links the 3.15 docs; _winapi.CreateFile is raised internally', async ({ page }) => {
  await page.goto('events/os._clearenv/');
  await expect(page.locator('[data-range]')).toHaveText('Documented in 3.15 and later.');
  await expect(page.getByText(/Pre-release only/)).toHaveCount(0);
  const raisedBy = page.getByRole('region', { name: 'Raised by' });
  await expect(raisedBy.getByRole('link', { name: 'Python 3.15 documentation' })).toHaveAttribute('href', 'https://docs.python.org/3.15/');
  await expect(raisedBy.getByRole('link', { name: 'os.environ' })).toHaveAttribute('href', 'https://docs.python.org/3.15/library/os.html#os._clearenv');
  await expect(page.getByRole('region', { name: 'Since when' }).locator('[data-since]')).toContainText(
    'documented in 3.15.2, not in 3.15.0a8 (releases between were not scanned)',
  );
  await page.goto('events/winreg.DeleteTree/');
  await expect(page.locator('[data-range]')).toHaveText('Documented in 3.15 and later.');
  await page.goto('events/_winapi.CreateFile/');
  await expect(page.getByText(/Raised internally: the docs list this event only in their separate table/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Raised by' }).getByRole('link', { name: 'table of events raised internally' })).toHaveAttribute(
    'href',
    'https://docs.python.org/3.15/library/audit_events.html',
  );
});

test('open links builtins/functions.html in the 3.15 docs, where 3.13.18 and 3.14.10 moved it; the 3.12 table keeps library/functions.html', async ({ page }) => {
  await page.goto('events/open/');
  await expect(page.getByRole('region', { name: 'Raised by' }).getByRole('link', { name: 'open()', exact: true })).toHaveAttribute(
    'href',
    'https://docs.python.org/3.15/builtins/functions.html#open',
  );
  for (const [version, href] of [
    ['3.12', 'https://docs.python.org/3.12/library/functions.html#open'],
    ['3.13', 'https://docs.python.org/3.13/builtins/functions.html#open'],
    ['3.14', 'https://docs.python.org/3.14/builtins/functions.html#open'],
  ] as const) {
    await page.goto(`versions/${version}/`);
    const open = page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('link', { name: 'open', exact: true }) });
    await expect(open.getByRole('link', { name: /^\[1\]/ }), version).toHaveAttribute('href', href);
  }
});

test('sys.remote_exec shows both shapes of its arguments by version, and its hook reads both', async ({ page }) => {
  await page.goto('events/sys.remote_exec/');
  const args = page.getByRole('region', { name: 'Arguments' });
  await expect(args.getByRole('listitem').filter({ hasText: 'args[1]' })).toContainText('script_path');
  const earlier = args.locator('[data-earlier]');
  await expect(earlier.locator('[data-release]')).toHaveText([
    '3.14: the docs of 3.14.6 list (pid,); those of 3.14.10 list (pid, script_path) (3.14.7 to 3.14.9 were not read).',
    '3.15: the docs of 3.15.0a8 list (pid,); those of 3.15.2 list (pid, script_path) (the releases between were not read).',
  ]);
});

test('time.sleep shows the docs of 3.13.0 and 3.13.15 together, and says 3.13.16 and 3.13.17 were not read', async ({ page }) => {
  await page.goto('events/time.sleep/');
  const earlier = page.getByRole('region', { name: 'Arguments' }).locator('[data-earlier] [data-release]');
  await expect(earlier.first()).toHaveText('3.13: the docs of 3.13.0 and 3.13.15 list (secs,); those of 3.13.18 list (seconds,) (3.13.16 and 3.13.17 were not read).');
  const hook = page.getByRole('region', { name: 'An audit hook for this event' });
  await expect(hook).toContainText('if len(args) == 1:  # 3.13 and later (args[0] was called secs in 3.13.0, 3.13.15, 3.14.6 and 3.15.0a8)');
});

test('socket.connect is raised by socket.socket.connect() and connect_ex(), linked into the newest stable docs, named', async ({ page }) => {
  await page.goto('events/socket.connect/');
  const raisedBy = page.getByRole('region', { name: 'Raised by' });
  await expect(raisedBy.getByRole('link', { name: 'Python 3.15 documentation' })).toHaveAttribute('href', 'https://docs.python.org/3.15/');
  await expect(raisedBy.getByRole('link', { name: 'socket.socket.connect()' })).toHaveAttribute(
    'href',
    'https://docs.python.org/3.15/library/socket.html#socket.socket.connect',
  );
  await expect(raisedBy.getByRole('link', { name: 'socket.socket.connect_ex()' })).toHaveAttribute(
    'href',
    'https://docs.python.org/3.15/library/socket.html#socket.socket.connect_ex',
  );
});

test.describe('a version’s page', () => {
  test('/versions/3.13/ lists sys.monitoring.register_callback and time.sleep as added and the nntplib and telnetlib events as removed, each linked', async ({ page }) => {
    await page.goto('versions/3.13/');
    const changes = page.getByRole('region', { name: 'From 3.12 to 3.13' });
    const added = changes.locator('[data-change="added"]');
    const removed = changes.locator('[data-change="removed"]');
    await expect(added.getByRole('link')).toHaveText(['sys.monitoring.register_callback', 'time.sleep']);
    // Within 3.13: the table of 3.13.0, which the data keeps, lacked sys.monitoring.register_callback.
    await expect(page.getByRole('region', { name: 'From 3.13.0 to 3.13.15' }).locator('[data-change="added"]').getByRole('link')).toHaveText(['sys.monitoring.register_callback']);
    // 3.13.18, imported from its docs build: time.sleep's argument is seconds there, as in 3.14.10.
    await expect(page.getByRole('region', { name: 'From 3.13.15 to 3.13.18' })).toContainText('time.sleep');
    await expect(removed.getByRole('link')).toHaveText(['nntplib.connect', 'nntplib.putline', 'telnetlib.Telnet.open', 'telnetlib.Telnet.write']);
    await removed.getByRole('link', { name: 'telnetlib.Telnet.open' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('telnetlib.Telnet.open');
  });

  test('a row of the table sets its event, arguments and markers side by side, each marker a 24 px target', async ({ page }) => {
    // The rows are written as HTML by src/lib/views/rows.ts: their classes must reach the stylesheet too.
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto('versions/3.14/');
    const row = page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('link', { name: 'exec', exact: true }) });
    await expect(row).toHaveCSS('display', 'grid');
    const [name, markers] = await Promise.all([row.getByRole('link', { name: 'exec', exact: true }).boundingBox(), row.getByRole('link', { name: /^\[2\]/ }).boundingBox()]);
    expect(markers?.x, 'the markers stand right of the name').toBeGreaterThan((name?.x ?? 0) + (name?.width ?? 0));
    expect(Math.abs((markers?.y ?? 0) - (name?.y ?? 0)), 'on the same line').toBeLessThan(8);
    for (const marker of await row.getByRole('link', { name: /^\[\d\]/ }).all()) {
      const box = await marker.boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(24);
      expect(box?.height).toBeGreaterThanOrEqual(24);
    }
  });

  test('/versions/3.8/ turns its markers into links into the 3.8 docs: [3] of open is os.open', async ({ page }) => {
    await page.goto('versions/3.8/');
    const open = page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('link', { name: 'open', exact: true }) });
    await expect(open.getByRole('link', { name: /^\[3\]/ })).toHaveAttribute('href', 'https://docs.python.org/3.8/library/os.html#os.open');
    const markers = page.getByRole('main').getByRole('link', { name: /^\[\d+\]/ });
    const hrefs = await markers.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(hrefs, 'one link per [n] marker of the 3.8 table').toHaveLength(file('3.8').events.reduce((sum, event) => sum + event.references.length, 0));
    for (const href of hrefs) {
      expect(href.startsWith('https://docs.python.org/3.8/'), `${href} is in the 3.8 docs`).toBe(true);
      expect(new URL(href).hash.length, `${href} has an anchor`).toBeGreaterThan(1);
    }
  });

  test('/versions/3.14/ shows the two argument changes of 3.14.10, and /versions/3.15/ the new event of 3.15.2', async ({ page }) => {
    await page.goto('versions/3.14/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit events of CPython 3.14');
    const within = page.getByRole('region', { name: 'From 3.14.6 to 3.14.10' }).locator('[data-change="arguments"] li');
    await expect(within).toHaveText([/^\s*sys\.remote_exec\s*: \(pid\) → \(pid, script_path\)\s*$/, /^\s*time\.sleep\s*: \(secs\) → \(seconds\)\s*$/]);
    await page.goto('versions/3.15/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit events of CPython 3.15');
    await expect(page.getByRole('main')).not.toContainText('pre-release');
    await expect(page.getByRole('region', { name: 'From 3.15.0a8 to 3.15.2' }).locator('[data-change="added"]').getByRole('link')).toHaveText(['os._clearenv']);
  });

  test('/versions/ counts each version’s tables and shows every change from 3.8 to 3.15', async ({ page }) => {
    await page.goto('versions/');
    const rows = page.getByRole('region', { name: 'Events per version' }).getByRole('row');
    await expect(rows).toHaveCount(versions.length + 1);
    for (const version of versions) {
      const row = rows.filter({ has: page.getByRole('link', { name: version.version, exact: true }) });
      await expect(row.getByRole('cell').nth(1), version.version).toHaveText(String(file(version.version).events.length));
    }
    // From each version to the next, and within 3.13 (twice), 3.14 and 3.15 from the release each replaced.
    await expect(page.locator('[data-changes]')).toHaveCount(versions.length - 1 + catalog.withinVersions.length);
    expect(catalog.withinVersions).toHaveLength(4);
    await expect(page.getByRole('heading', { name: 'From 3.13.15 to 3.13.18' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'From 3.14 to 3.15' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'From 3.14.6 to 3.14.10' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Events per version' })).not.toContainText('pre-release');
  });
});

test('each argument of an event page has an anchor that links to itself', async ({ page }) => {
  await page.goto('events/socket.connect/#arg-address');
  const address = page.locator('#arg-address');
  await expect(address).toBeInViewport();
  await expect(address.getByRole('link', { name: 'args[1]' })).toHaveAttribute('href', '#arg-address');
  await page.goto('events/cpython.run_module/');
  await page.getByRole('link', { name: 'args[0]' }).click();
  await expect(page).toHaveURL(/#arg-module-name$/);
  await page.goto('events/shutil.rmtree/#arg-dir_fd');
  await expect(page.locator('#arg-dir_fd')).toBeInViewport();
});

test('the Copy link button copies the address of the event page', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('events/builtins.input/result/#arg-result');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(new URL('/events/builtins.input/result/', page.url()).href);
});

test('a module page offers a hook for all its events, of every version', async ({ page }) => {
  await page.goto('modules/builtins/');
  const bare = catalog.modules.find((module) => module.name === 'builtins')?.events.filter((event) => !event.name.includes('.')) ?? [];
  expect(bare.map((event) => event.name)).toContain('setopencodehook');
  await expect(page.locator('#hook')).toContainText(`event in {${bare.map((event) => `"${event.name}"`).join(', ')}}`);
  await expect(page.getByRole('button', { name: 'Copy hook' })).toBeVisible();
});

test('the About page explains audit events and links PEP 578 and sys.addaudithook()', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'About' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('About');
  const main = page.getByRole('main');
  await expect(main.getByRole('link', { name: /PEP 578/ })).toHaveAttribute('href', 'https://peps.python.org/pep-0578/');
  await expect(main.getByRole('link', { name: /sys\.addaudithook\(\) documentation/ })).toHaveAttribute(
    'href',
    'https://docs.python.org/3/library/sys.html#sys.addaudithook',
  );
  await expect(page.getByRole('main')).toContainText('args[0]');
});

test('an event page with a slash in its name works when loaded directly', async ({ page }) => {
  const response = await page.goto('events/builtins.input/result/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('builtins.input/result');
  await expect(page.getByRole('region', { name: 'Arguments' }).getByRole('link', { name: 'result' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'builtins', exact: true }).first()).toHaveAttribute('href', '/modules/builtins/');
  await expect(page.getByRole('link', { name: /Previous event builtins\.input$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Next event code\.__new__/ })).toBeVisible();
});

test('an event page links its module, the events sharing an argument, and its neighbours', async ({ page }) => {
  await page.goto('events/tempfile.mkdtemp/');
  const related = page.getByRole('region', { name: 'Related events' });
  await expect(related.getByRole('link', { name: 'tempfile.mkstemp' })).toHaveCount(2);
  await expect(related.getByRole('link', { name: 'fullpath' })).toBeVisible();
  await page.getByRole('link', { name: /Next event/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('tempfile.mkstemp');
});

test('the Copy hook button copies the snippet shown', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('events/cpython.run_module/');
  const shown = await page.locator('#hook').textContent();
  expect(shown).toContain('(module_name,) = args');
  await page.getByRole('button', { name: 'Copy hook' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
});

test('an argument page lists its events with the position and the versions of each use', async ({ page }) => {
  await page.goto('arguments/fullpath/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('fullpath');
  const items = page.getByRole('main').getByRole('listitem');
  await expect(items.locator('> a[href*="/events/"]')).toHaveText(['tempfile.mkdtemp', 'tempfile.mkstemp']);
  await expect(items.first()).toContainText('as args[0] of');
  await expect(items.first()).toContainText('3.8 and later');
  await page.goto('arguments/dir_fd/');
  const rmtree = page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('link', { name: 'shutil.rmtree' }) });
  await expect(rmtree, 'shutil.rmtree carries dir_fd from 3.11').toContainText('3.11 and later');
});

test('the arguments index counts the events of every argument', async ({ page }) => {
  await page.goto('arguments/');
  const items = page.getByRole('main').getByRole('listitem');
  await expect(items).toHaveCount(catalog.arguments.length);
  const self = catalog.arguments.find((arg) => arg.name === 'self')?.uses.length;
  await expect(items.filter({ has: page.getByRole('link', { name: 'self', exact: true }) })).toContainText(`${self} events`);
});

test('module pages group names without a dot under builtins and label cpython', async ({ page }) => {
  await page.goto('modules/builtins/');
  const names = page.getByRole('main').locator('li > a[href*="/events/"]');
  await expect(names).toHaveText(events.filter((event) => event.module === 'builtins').map((event) => event.name));
  await page.goto('modules/');
  await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(catalog.modules.length);
  await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: 'cpython' })).toContainText('Interpreter internals');
});

test.describe('on a 375 px wide phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });
  const longest = <T,>(items: T[], size: (item: T) => number) => items.reduce((a, b) => (size(b) > size(a) ? b : a));
  const paths = [
    '',
    'arguments/',
    'modules/',
    'versions/',
    'versions/3.12/',
    'undocumented/',
    'events/ctypes.string_at/',
    eventPath(longest(events, (event) => event.name.length).name),
    eventPath(longest(events, (event) => event.args.join(', ').length).name),
    modulePath(longest(catalog.modules, (module) => module.events.length).name),
  ];
  for (const path of paths) {
    test(`/${path} needs no sideways scrolling`, async ({ page }) => {
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, 'the page is wider than the screen').toBeLessThanOrEqual(375);
    });
  }
});

test('the element focused from the keyboard shows a clear outline', async ({ page }) => {
  await page.goto('events/open/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement ?? document.body);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
  });
  expect(outline.style).toBe('solid');
  expect(outline.width).toBeGreaterThanOrEqual(2);
});

test.describe('the theme', () => {
  test('follows the system setting until the visitor picks one, which is remembered', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('./');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = await background();
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    const light = await background();
    expect(light, 'choosing light changes the page').not.toBe(dark);
    await page.goto('events/open/');
    expect(await background()).toBe(light);
    await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('light');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
    expect(await background()).toBe(dark);
  });

  test('is in place before the body is parsed, so the wrong theme never flashes', async ({ page }) => {
    await page.addInitScript(() => {
      localStorage.setItem('theme', 'dark');
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        (window as unknown as { themeAtBody: string }).themeAtBody = document.documentElement.dataset['theme'] ?? 'none';
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('events/open/');
    expect(await page.evaluate(() => (window as unknown as { themeAtBody: string }).themeAtBody)).toBe('dark');
  });
});

test.describe('where CPython raises each event', () => {
  test('/events/socket.connect/ links its raise sites in Modules/socketmodule.c at the newest scanned tag', async ({ page }) => {
    await page.goto('events/socket.connect/');
    const sites = page.getByRole('region', { name: 'Where CPython raises it' });
    await expect(sites).toContainText('In CPython 3.14.0rc1, the newest release scanned');
    const links = sites.locator('[data-sites="3.14.0rc1"] a');
    await expect(links).not.toHaveCount(0);
    for (const href of await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')))) {
      expect(href).toMatch(/^https:\/\/github\.com\/python\/cpython\/blob\/v3\.14\.0rc1\/Modules\/socketmodule\.c#L\d+$/);
    }
    await expect(sites.locator('[data-sites] li').first()).toContainText('C, PySys_Audit()');
    // Earlier releases are one click away, on a page of their own.
    await sites.getByRole('link', { name: 'Earlier releases: 3.8.20 to 3.13.15, line by release' }).click();
    await expect(page).toHaveURL(/\/sites\/socket\.connect\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('socket.connect, release by release');
    const earlier = page.getByRole('region', { name: 'Raise sites in each release' });
    await expect(earlier.getByRole('columnheader')).toHaveText(['Site', ...catalog.scanned.code.filter((release) => versions.some((version) => version.codeRelease === release))]);
    await expect(earlier.getByRole('link').first()).toHaveAttribute('href', /^https:\/\/github\.com\/python\/cpython\/blob\/v3\.8\.20\/Modules\/socketmodule\.c#L\d+$/);
    // A site that only moved is one row: socket.connect's call in sock_connect is, in every release.
    await expect(earlier.getByRole('rowheader', { name: /Modules\/socketmodule\.c sock_connect$/ })).toHaveCount(1);
    await page.getByRole('link', { name: 'own page' }).click();
    await expect(page).toHaveURL(/\/events\/socket\.connect\/$/);
  });

  test('a site raised from Python says so', async ({ page }) => {
    await page.goto('events/subprocess.Popen/');
    await expect(page.getByRole('region', { name: 'Where CPython raises it' }).locator('[data-sites] li').first()).toContainText('Lib/subprocess.py');
    await expect(page.getByRole('region', { name: 'Where CPython raises it' })).toContainText('Python, sys.audit()');
  });

  test('/events/sys.monitoring.register_callback/ says it is raised since 3.12.0 but documented only from 3.13.15, and that releases before were not scanned', async ({ page }) => {
    await page.goto('events/sys.monitoring.register_callback/');
    const since = page.getByRole('region', { name: 'Since when' });
    await expect(since.locator('[data-since]')).toHaveText('raised since 3.12.0 · documented in 3.13.15, not in 3.13.0 (releases between were not scanned)');
    await expect(since).toContainText('CPython raised it before the docs listed it: 3.12.0 raises it, but the docs list it only from 3.13.15 (not in 3.13.0; the releases between were not scanned).');
    await expect(page.locator('[data-range]')).toHaveText('Documented in 3.13 and later.');
    await expect(page.locator('[data-version="3.12"]')).toHaveAttribute('data-listing', 'raised, not documented');
  });

  test('/events/marshal.loads/ says it is raised since 3.9.7, a patch release', async ({ page }) => {
    await page.goto('events/marshal.loads/');
    const since = page.getByRole('region', { name: 'Since when' });
    await expect(since.locator('[data-since]')).toContainText('raised since 3.9.7');
    await expect(since).toContainText('A patch release added it: 3.9.7 raises it, 3.9.0 to 3.9.6 do not.');
  });

  test('an undocumented event’s page and /undocumented/ are reachable from the index and by search', async ({ page }) => {
    await page.goto('./');
    await page.getByRole('link', { name: 'Undocumented events and mismatches' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Undocumented events and mismatches');
    await page.goto('./');
    const section = page.getByRole('region', { name: /^Undocumented/ });
    await section.getByRole('link', { name: '_winapi.CopyFile2' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('_winapi.CopyFile2');
    await expect(page.locator('[data-standing="undocumented"]')).toContainText('Undocumented: CPython raises this event');
    await expect(page.getByRole('region', { name: 'Where CPython raises it' })).toContainText('Modules/_winapi.c');
    await page.getByRole('combobox', { name: 'Search events and arguments' }).fill('CopyFile2');
    const result = page.locator('#search-results').getByRole('option').first();
    await expect(result).toContainText('undocumented');
    await result.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('_winapi.CopyFile2');
  });

  test('/undocumented/ lists the undocumented events by version and every mismatch the data holds', async ({ page }) => {
    await page.goto('undocumented/');
    for (const version of versions) {
      const names = catalog.events.filter((event) => event.appearances.some((a) => a.version === version.version && a.listing === 'undocumented')).map((event) => event.name);
      const row = page.locator(`#v${version.version.replace('.', '\\.')}`);
      if (version.codeRelease === null) await expect(row).toContainText('not scanned');
      else await expect(row.getByRole('link').filter({ hasNotText: version.version })).toHaveText(names);
    }
    // Every mismatch derived from the data is shown, and nothing else.
    const shown = await page.locator('[data-mismatch]').evaluateAll((items) => items.map((item) => item.getAttribute('data-mismatch')));
    expect(shown).toEqual(catalog.mismatches.map((mismatch) => mismatch.documented));
    expect(shown).toHaveLength(2);
  });

  test('the two asyncgen pages point at each other, and the documented one’s hook checks the raised name', async ({ page }) => {
    await page.goto('events/sys.set_asyncgen_hooks_firstiter/');
    await expect(page.getByText(/Never raised under this name/)).toBeVisible();
    await expect(page.locator('#hook')).toContainText('# CPython raises this event as "sys.set_asyncgen_hook_firstiter"');
    await page.locator('[data-mismatch]').getByRole('link', { name: 'sys.set_asyncgen_hook_firstiter' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('sys.set_asyncgen_hook_firstiter');
    await expect(page.getByText(/Documented under another name/)).toBeVisible();
    await page.locator('[data-mismatch]').getByRole('link', { name: 'sys.set_asyncgen_hooks_firstiter' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('sys.set_asyncgen_hooks_firstiter');
  });
});
