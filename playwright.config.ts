import { defineConfig } from '@playwright/test';

const ROOT = 'http://127.0.0.1:4321/';
const UNDER_BASE = 'http://127.0.0.1:4322/audit-events/';
const SITE_URL = 'https://audit-events.example';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    launchOptions: {
      // Debian's Chromium: nothing here may download a browser (see README, "Requirements").
      executablePath: process.env['CHROMIUM_PATH'] || '/usr/bin/chromium',
      // Without these Chromium keeps calling out to Google's services, which the network refuses.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'root', use: { baseURL: ROOT } },
    // The same site built for a GitHub Pages project site: every link must stay under the base.
    {
      name: 'base-path',
      use: { baseURL: UNDER_BASE },
      metadata: { siteUrl: SITE_URL },
      testMatch: /(crawl|data)\.spec\.ts/,
    },
  ],
  // Playwright starts these one after the other, so the two builds never share the cache at once.
  webServer: [
    {
      command: 'npx astro build && npx astro preview --host 127.0.0.1 --port 4321 --ignore-lock',
      url: ROOT,
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: 'npx astro build && npx astro preview --host 127.0.0.1 --port 4322 --ignore-lock',
      url: UNDER_BASE,
      env: { BASE_PATH: '/audit-events/', SITE_URL, OUT_DIR: './dist-base' },
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});
