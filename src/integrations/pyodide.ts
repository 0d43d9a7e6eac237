import { createReadStream } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AstroIntegration } from 'astro';

/** The files of the pinned Pyodide package that a browser needs to start Python. */
export const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'] as const;

const TYPES: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
};

/** Where the installed Pyodide package is. */
export function pyodideDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
}

/**
 * Serves Pyodide from the site itself, at `<base>pyodide/`: the build copies the package's files
 * into `dist/` (they are never committed), and the dev server serves them from `node_modules`.
 * No other origin is ever asked for them.
 */
export default function pyodideFiles(): AstroIntegration {
  let base = '/';
  return {
    name: 'pyodide-files',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:server:setup': ({ server }) => {
        const source = pyodideDirectory();
        server.middlewares.use((request, response, next) => {
          const path = (request.url ?? '').split('?')[0] ?? '';
          const name = path.startsWith(`${base}pyodide/`) ? path.slice(`${base}pyodide/`.length) : '';
          if (!(PYODIDE_FILES as readonly string[]).includes(name)) return next();
          response.setHeader('Content-Type', TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream');
          createReadStream(join(source, name)).pipe(response);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const source = pyodideDirectory();
        const target = new URL('pyodide/', dir);
        await mkdir(target, { recursive: true });
        await Promise.all(PYODIDE_FILES.map((name) => copyFile(join(source, name), new URL(name, target))));
        logger.info(`copied ${PYODIDE_FILES.length} files of Pyodide into ${target.pathname}`);
      },
    },
  };
}
