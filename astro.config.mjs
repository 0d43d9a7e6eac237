// @ts-check
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sitemap from '@astrojs/sitemap';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'astro/config';
import clearOutput from './src/integrations/clear-output';
import dataStoreFromFile from './src/integrations/data-store';
import policyHeaders from './src/integrations/headers';
import pyodideFiles from './src/integrations/pyodide';

// The theme's no-flash start must run inline, before the first paint, and Astro does not hash
// inline scripts: its hash goes into the policy here, computed from the very file the layout
// inlines, so the two cannot drift apart.
const themeInit = readFileSync(new URL('./src/scripts/theme-init.js', import.meta.url), 'utf8');
/** @type {`sha256-${string}`} */
const themeInitHash = `sha256-${createHash('sha256').update(themeInit).digest('base64')}`;

// BASE_PATH serves the site under a sub-path (`/audit-events/` on a GitHub Pages project site);
// SITE_URL is the origin canonical links use. With neither, the site lives at the root.
const base = process.env.BASE_PATH || '/';
const site = process.env.SITE_URL || undefined;

export default defineConfig({
  ...(site ? { site } : {}),
  base,
  // Tests build a second copy (under BASE_PATH) beside the first.
  outDir: process.env.OUT_DIR || './dist',
  output: 'static',
  // Astro 7's default ('jsx') drops the space at a line break between text and a tag; true keeps
  // what the browser would show, so templates read as HTML.
  compressHTML: true,
  trailingSlash: 'ignore',
  // Pages are rendered four at a time: one page's file is written while the next renders (the
  // 10,000-event bench build spent a sixth of its time waiting on writes, one page at a time).
  build: { format: 'directory', concurrency: 4 },
  devToolbar: { enabled: false },
  // The site has no Markdown, so nothing to highlight; left on, Shiki makes every build warn that
  // its inline styles break the policy, which would not be true of this site.
  markdown: { syntaxHighlight: false },
  vite: {
    plugins: [tailwindcss()],
    // The playground's worker is a module worker: it import()s Pyodide at run time.
    worker: { format: 'es' },
  },
  // A sitemap needs absolute URLs, so only a build with SITE_URL writes one (robots.txt follows).
  // clearOutput last: once the others have written their files, it removes what the build did not write.
  integrations: [dataStoreFromFile(), pyodideFiles(), policyHeaders(), ...(site ? [sitemap()] : []), clearOutput()],
  security: {
    csp: {
      // script-src and style-src are Astro's: 'self' plus the hash of every inline script and
      // style it renders. Nothing is allowed inline by loosening them.
      scriptDirective: { hashes: [themeInitHash] },
      directives: [
        "default-src 'self'",
        // The search fetches /search.json from this site only.
        "connect-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
    },
  },
});
