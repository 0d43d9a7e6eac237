/**
 * Writes a table of N audit events in the text format of content/audit-events.txt, for
 * benchmarks: the real events first, then made-up ones that look like them; and the references
 * file that goes with it (the build checks one against the other).
 *
 *   npx tsx bench/generate-table.ts 10000 bench/out/events-10000.txt bench/out/references-10000.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { formatAuditTable } from '../src/lib/format-table';
import { parseAuditTable, type AuditEvent } from '../src/lib/parse-table';
import { parseReferences, type ReferenceData } from '../src/lib/references';

type Row = Pick<AuditEvent, 'name' | 'args' | 'references'>;

const MODULES = `abc aifc argparse array ast asyncio atexit base64 bdb binascii bisect builtins bz2 calendar cmath cmd code codecs
collections colorsys compileall concurrent configparser contextlib copy copyreg cpython csv ctypes curses dataclasses datetime dbm
decimal difflib dis doctest email encodings ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib
functools gc getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http imaplib importlib inspect io ipaddress
itertools json keyword linecache locale logging lzma mailbox marshal math mimetypes mmap modulefinder msvcrt multiprocessing
netrc nntplib numbers operator optparse os pathlib pdb pickle pkgutil platform plistlib poplib posix pprint profile pstats pty
pwd py_compile pyclbr queue quopri random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve
shlex shutil signal site smtplib socket socketserver sqlite3 ssl stat statistics string struct subprocess symtable sys sysconfig
syslog tabnanny tarfile telnetlib tempfile termios textwrap threading time timeit tkinter token tokenize tomllib trace traceback
tracemalloc tty turtle types typing unicodedata unittest urllib uuid venv warnings wave weakref webbrowser winreg wsgiref xml
xmlrpc zipapp zipfile zipimport zlib zoneinfo`.split(/\s+/);
const VERBS = `open close read write send recv connect bind listen accept create delete remove rename copy move load dump parse
compile exec run start stop spawn fork kill wait lock unlock get set find lookup resolve register unregister import export
encode decode compress decompress extract archive mount sync flush seek truncate chmod chown stat scan walk glob match call
invoke hook trace profile audit sign verify hash encrypt decrypt`.split(/\s+/);
const NOUNS = `file dir path socket host port addr name key value item entry record frame thread process handle buffer stream
module class object attr token cert session request response header cookie url query user group mode flags data text bytes
config option env command shell pipe signal timer event queue lock pool cache index table row column db cursor link`.split(/\s+/);
const ARGS = `self path fd mode flags name host port address family type protocol data buffer size length offset count timeout
url method headers body key value src dst root filename source code command args env cwd executable user group uid gid
pid signal handler callback level format encoding errors newline closefd opener dir_fd follow_symlinks recursive pattern
pathname fullpath fullurl database isolation_level uri sql parameters module module-name qualname frame event arg depth
limit start stop step index item items default hook sockaddr servicename protocolname hostname ip_address backlog`.split(/\s+/);

// A small deterministic generator (mulberry32), so every run writes the same table.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The real events, then invented ones until there are `count`, all names distinct. */
export function generateEvents(count: number, real: Row[], seed = 578): Row[] {
  const next = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T;
  const rows = real.slice(0, count);
  const names = new Set(rows.map((row) => row.name));
  while (rows.length < count) {
    const verb = pick(VERBS);
    const shape = next();
    const tail =
      shape < 0.4 ? `${verb}_${pick(NOUNS)}` : shape < 0.6 ? `${pick(NOUNS)}.${verb}` : shape < 0.75 ? `${verb}/result` : verb;
    const name = `${pick(MODULES)}.${tail}`;
    if (names.has(name)) continue;
    names.add(name);
    const args = new Set<string>();
    const wanted = Math.floor(next() * 6);
    while (args.size < wanted) args.add(pick(ARGS));
    rows.push({ name, args: [...args], references: 1 + Math.floor(next() * next() * 4) });
  }
  return rows;
}

/** References for generated rows: the real ones where the event is real, made-up ones otherwise. */
export function generateReferences(rows: Row[], real: ReferenceData): ReferenceData {
  const known = new Map(real.events.map((event) => [event.name, event.references]));
  return {
    docsBaseUrl: real.docsBaseUrl,
    events: rows.map((row) => ({
      name: row.name,
      references:
        known.get(row.name) ??
        Array.from({ length: row.references }, (_, n) => ({
          page: `library/${row.name.split('.')[0]}.html`,
          anchor: `${row.name}-${n + 1}`,
          api: `${row.name}()`,
        })),
    })),
  };
}

/** Writes a generated table and its references file; the names of the two files. */
export function writeGenerated(count: number, table: string, references: string): void {
  const real = parseAuditTable(readFileSync('content/audit-events.txt', 'utf8'), 'content/audit-events.txt');
  const refs = parseReferences(readFileSync('content/audit-event-references.json', 'utf8'), 'content/audit-event-references.json');
  const rows = generateEvents(count, real);
  writeFileSync(table, formatAuditTable(rows));
  const generated = generateReferences(rows, refs);
  writeFileSync(references, `${JSON.stringify({ docs_base_url: generated.docsBaseUrl, events: generated.events })}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [count, table, references] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
  if (!Number.isInteger(count) || count < 1 || !table || !references) {
    throw new Error('usage: generate-table.ts COUNT TABLE.txt REFERENCES.json');
  }
  writeGenerated(count, table, references);
}
