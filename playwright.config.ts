import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { testPorts } from './tests/support/ports';

// Free ports, so that a site already running (on 4321, say) never stops the tests; or the ones
// TEST_PORTS names, checked before anything is built.
const [rootPort, basePort] = await testPorts(2);
const ROOT = `http://127.0.0.1:${rootPort}/`;
const UNDER_BASE = `http://127.0.0.1:${basePort}/audit-events/`;
const SITE_URL = 'https://audit-events.example';
// Debian's Chromium: nothing here may download a browser (see README, "What they need"). Its
// headless shell is the build Playwright itself runs headless, and runs this suite in about half
// the time of the full browser on two cores; the full browser serves where only it is installed.
const CHROMIUM = process.env['CHROMIUM_PATH'] || ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((path) => existsSync(path)) || '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  // No test is timed: a limit only stops one that hangs. axe over the index takes 8 s on a quiet
  // 2-core machine and twice that beside the other worker, so Playwright's 30 s default fails busy runs.
  timeout: 90_000,
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: CHROMIUM,
      // Without these Chromium keeps calling out to Google's services, which the network refuses.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'root', use: { baseURL: ROOT }, metadata: { dist: 'dist' } },
    // The same site built for a GitHub Pages project site: every link must stay under the base.
    {
      name: 'base-path',
      use: { baseURL: UNDER_BASE },
      metadata: { siteUrl: SITE_URL, dist: 'dist-base' },
      testMatch: /(crawl|data|headers)\.spec\.ts/,
    },
  ],
  // Playwright starts these one after the other, so the two builds never share the cache at once.
  webServer: [
    {
      command: `npx astro build && npx astro preview --host 127.0.0.1 --port ${rootPort} --ignore-lock`,
      url: ROOT,
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: `npx astro build && npx astro preview --host 127.0.0.1 --port ${basePort} --ignore-lock`,
      url: UNDER_BASE,
      env: { BASE_PATH: '/audit-events/', SITE_URL, OUT_DIR: './dist-base' },
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});
