/**
 * `npm run nginx-headers`: prints the site's policy headers as nginx `location` blocks, from the
 * `_headers` file the build wrote (`dist/`, or the OUT_DIR it was built into).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatNginx, parseHeadersFile } from '../lib/deploy/headers';

const file = join(process.env['OUT_DIR'] || 'dist', '_headers');
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch {
  console.error(`${file} does not exist: build the site first (npm run build).`);
  process.exit(1);
}
process.stdout.write(formatNginx(parseHeadersFile(text)));
