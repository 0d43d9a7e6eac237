import { expect, test, type Page } from '@playwright/test';
import { eventPath, modulePath } from '../../src/lib/naming';
import { catalog, references } from './table';

const eventLinks = (page: Page) => page.getByRole('main').locator('ul li > a[href*="/events/"]');

test.describe('the index', () => {
  test('lists every event of the table, in table order within its module, each linking to its page', async ({ page }) => {
    await page.goto('./');
    const expected = catalog.modules.flatMap((module) => module.events.map((event) => event.name));
    await expect(eventLinks(page)).toHaveText(expected);
    expect(expected).toHaveLength(69);
    const link = page.getByRole('link', { name: 'socket.connect', exact: true });
    await expect(link).toHaveAttribute('href', `/${eventPath('socket.connect')}`);
  });

  test('groups events by module with a jump list of modules and their counts', async ({ page }) => {
    await page.goto('./');
    const jump = page.getByRole('navigation', { name: 'Jump to a module' });
    await expect(jump.getByRole('listitem')).toHaveCount(catalog.modules.length);
    await expect(jump.getByRole('listitem').filter({ hasText: 'socket' })).toHaveText('socket 13');
    await jump.getByRole('link', { name: 'tempfile' }).click();
    await expect(page).toHaveURL(/#module-tempfile$/);
    await expect(page.getByRole('heading', { name: /tempfile/ })).toBeInViewport();
  });

  test('is complete and usable with JavaScript turned off', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('./');
    await expect(eventLinks(page)).toHaveCount(69);
    await page.getByRole('link', { name: 'builtins.input/result', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('builtins.input/result');
    await expect(page.getByRole('button', { name: 'Copy hook' }), 'a button that cannot work stays hidden').toBeHidden();
    await context.close();
  });
});

test('each event page shows its name and every argument in args order', async ({ page }) => {
  test.setTimeout(120_000);
  for (const event of catalog.events) {
    await page.goto(eventPath(event.name));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(event.name);
    await expect(page).toHaveTitle(`${event.name} audit event | Audit Events`);
    const args = page.getByRole('region', { name: 'Arguments' });
    if (event.args.length === 0) {
      await expect(args).toContainText('This event has no arguments');
    } else {
      await expect(args.getByRole('listitem')).toHaveText(event.args.map((arg, index) => `args[${index}] ${arg}`));
    }
    await expect(page.locator('#hook')).toContainText(`if event != "${event.name}":`);
    const raisedBy = page.getByRole('region', { name: 'Raised by' }).getByRole('link');
    await expect(raisedBy).toHaveText(event.sources.map((source) => source.api));
    expect(await raisedBy.evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(
      event.sources.map((source) => source.url),
    );
    const anchors = await page.locator('[id^="arg-"]').evaluateAll((items) => items.map((item) => item.id));
    expect(anchors, 'one anchor per argument').toEqual(event.args.map((arg) => `arg-${arg}`));
    expect(new Set(anchors).size, 'anchors are unique').toBe(anchors.length);
  }
});

test('socket.connect is raised by socket.socket.connect() and connect_ex(), linked into the 3.8 docs', async ({ page }) => {
  await page.goto('events/socket.connect/');
  const raisedBy = page.getByRole('region', { name: 'Raised by' });
  await expect(raisedBy.getByRole('link', { name: 'socket.socket.connect()' })).toHaveAttribute(
    'href',
    'https://docs.python.org/3.8/library/socket.html#socket.socket.connect',
  );
  await expect(raisedBy.getByRole('link', { name: 'socket.socket.connect_ex()' })).toHaveAttribute(
    'href',
    'https://docs.python.org/3.8/library/socket.html#socket.socket.connect_ex',
  );
});

test('the index turns the markers into links: [3] of open is os.open', async ({ page }) => {
  await page.goto('./');
  const open = page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('link', { name: 'open', exact: true }) });
  await expect(open.getByRole('link', { name: /^\[3\]/ })).toHaveAttribute('href', 'https://docs.python.org/3.8/library/os.html#os.open');
  const markers = page.getByRole('main').getByRole('link', { name: /^\[\d+\]/ });
  const hrefs = await markers.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  expect(hrefs, 'one link per [n] marker of the table').toHaveLength(84);
  for (const href of hrefs) {
    const url = new URL(href);
    expect(href.startsWith(references.docsBaseUrl), `${href} is under docs_base_url`).toBe(true);
    expect(url.hash.length, `${href} has an anchor`).toBeGreaterThan(1);
    expect(url.pathname, `${href} names a page`).toMatch(/\.html$/);
  }
  expect(hrefs).toEqual(catalog.modules.flatMap((module) => module.events.flatMap((event) => event.sources.map((source) => source.url))));
});

test('each argument of an event page has an anchor that links to itself', async ({ page }) => {
  await page.goto('events/socket.connect/#arg-address');
  const address = page.locator('#arg-address');
  await expect(address).toBeInViewport();
  await expect(address.getByRole('link', { name: 'args[1]' })).toHaveAttribute('href', '#arg-address');
  await page.goto('events/cpython.run_module/');
  await page.getByRole('link', { name: 'args[0]' }).click();
  await expect(page).toHaveURL(/#arg-module-name$/);
});

test('the Copy link button copies the address of the event page', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('events/builtins.input/result/#arg-result');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(new URL('/events/builtins.input/result/', page.url()).href);
});

test('a module page offers a hook for all its events', async ({ page }) => {
  await page.goto('modules/builtins/');
  await expect(page.locator('#hook')).toContainText('if not (event.startswith("builtins.") or event in {"compile", "exec", "open"}):');
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

test('the fullpath argument page lists tempfile.mkdtemp and tempfile.mkstemp with its position', async ({ page }) => {
  await page.goto('arguments/fullpath/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('fullpath');
  const events = page.getByRole('main').locator('li > a[href*="/events/"]');
  await expect(events).toHaveText(['tempfile.mkdtemp', 'tempfile.mkstemp']);
  await expect(page.getByRole('main').getByRole('listitem').first()).toContainText('as args[0] of');
});

test('the arguments index counts the events of every argument', async ({ page }) => {
  await page.goto('arguments/');
  const items = page.getByRole('main').getByRole('listitem');
  await expect(items).toHaveCount(64);
  await expect(items.filter({ has: page.getByRole('link', { name: 'self', exact: true }) })).toContainText('17 events');
});

test('module pages group names without a dot under builtins and label cpython', async ({ page }) => {
  await page.goto('modules/builtins/');
  const names = page.getByRole('main').locator('li > a[href*="/events/"]');
  await expect(names).toHaveText(['builtins.breakpoint', 'builtins.input', 'builtins.input/result', 'compile', 'exec', 'open']);
  await page.goto('modules/');
  await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(25);
  await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: 'cpython' })).toContainText('Interpreter internals');
});

test.describe('on a 375 px wide phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });
  const longest = <T,>(items: T[], size: (item: T) => number) => items.reduce((a, b) => (size(b) > size(a) ? b : a));
  const paths = [
    '',
    'arguments/',
    'modules/',
    eventPath(longest(catalog.events, (event) => event.name.length).name),
    eventPath(longest(catalog.events, (event) => event.args.join(', ').length).name),
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
