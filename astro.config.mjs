// @ts-check
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'astro/config';

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
  build: { format: 'directory' },
  devToolbar: { enabled: false },
  vite: { plugins: [tailwindcss()] },
});
