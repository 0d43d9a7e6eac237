import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { eventsExport } from '../../src/lib/export/events';
import { readCatalog } from '../support/dataset';

const scratch = mkdtempSync(join(tmpdir(), 'audit-events-readme-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('docs/data.md’s audit hook example works against /events.json, with the running Python’s arguments', () => {
  const { events, versions } = readCatalog();
  const data = join(scratch, 'events.json');
  writeFileSync(data, JSON.stringify(eventsExport(events, versions, { page: (name) => name, version: (version) => version, schema: 'schema' })));
  const readme = readFileSync('docs/data.md', 'utf8');
  const example = /```python\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('An audit hook for a chosen set of events')))?.[1] ?? '';
  expect(example).toContain('sys.addaudithook(audit_hook)');
  const program = `${example.replace('https://example.github.io/audit-events/events.json', pathToFileURL(data).href)}
sys.audit("open", "/etc/hosts", "r", 0)
sys.audit("sys._getframe", "a frame")
sys.audit("socket.connect", "a socket", ("127.0.0.1", 80))
`;
  const version = execFileSync('python3', ['-c', 'import sys; print(f"{sys.version_info.major}.{sys.version_info.minor}")'], { encoding: 'utf8' }).trim();
  // The example prints to stderr; here stderr is stdout, to read it back.
  const printed = execFileSync('python3', ['-c', `import sys\nsys.stderr = sys.stdout\n${program}`], { encoding: 'utf8' }).trim().split('\n');
  // sys._getframe has no arguments up to 3.10 and `frame` from 3.11: the example reads this Python's.
  const frame = Number(version.split('.')[1]) >= 11 ? "{'frame': 'a frame'}" : '{}';
  expect(printed).toEqual([
    "open {'path': '/etc/hosts', 'mode': 'r', 'flags': 0}",
    `sys._getframe ${frame}`,
    "socket.connect {'self': 'a socket', 'address': ('127.0.0.1', 80)}",
  ]);
});
