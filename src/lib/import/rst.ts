/**
 * Reading `.. audit-event::` directives out of reStructuredText as docutils and CPython's docs
 * extension do: the directive's argument block, its arguments split the docutils way, and the
 * context it sits in (the module, the class, the directive around it) for naming its API.
 */

/** An object directive around an audit event: what it documents, for the API's label. */
export interface Enclosing {
  /** The directive's type without its domain: `function`, `method`, `class`, `option`, `envvar`, `describe`. */
  type: string;
  /** `py`, `c` or `std`. */
  domain: string;
  /** The signature, as written (`connect(address)`, `-c <command>`, `PYTHONSTARTUP`). */
  signature: string;
  /** For Python objects, the full name Sphinx gives it and uses as its anchor (`socket.socket.connect`). */
  fullName: string | undefined;
}

/** One `.. audit-event::` directive. */
export interface AuditDirective {
  name: string;
  /** The arguments as CPython's extension reads them: quotes stripped, split at commas, blanks dropped. */
  args: string[];
  /** The third argument with quotes stripped; undefined or empty when the anchor is to be generated. */
  target: string | undefined;
  /** 1-based line of the directive. */
  line: number;
  /** The nearest object directive around it, if any. */
  enclosing: Enclosing | undefined;
}

/** An object directive anywhere in a document, by the anchor Sphinx gives it. */
export interface DocumentedObject extends Enclosing {
  anchor: string;
}

/** What a document holds for the importer. */
export interface RstDocument {
  directives: AuditDirective[];
  objects: DocumentedObject[];
}

/** A fault in a file the importer reads, located by file and line. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'ImportError';
  }
}

// `.. name::` or `.. domain:name::`, the rest of the line after it.
const DIRECTIVE = /^(\s*)\.\.\s+([A-Za-z][\w-]*(?::[\w-]+)?)::(.*)$/;
// `.. ` that starts a comment, a hyperlink target, a footnote or a substitution: not a directive.
const EXPLICIT = /^(\s*)\.\.(?:\s|$)/;
// Directives whose content is not parsed as reStructuredText.
const LITERAL = new Set(['code-block', 'code', 'sourcecode', 'literalinclude', 'highlight', 'doctest', 'testcode', 'testoutput', 'testsetup', 'testcleanup', 'productionlist', 'raw', 'math', 'parsed-literal', 'csv-table', 'grammar-snippet']);
const CALLABLE = new Set(['function', 'method', 'classmethod', 'staticmethod', 'coroutinefunction', 'coroutinemethod', 'abstractmethod', 'decorator', 'decoratormethod']);
const PY_OBJECT = new Set([...CALLABLE, 'class', 'exception', 'data', 'attribute', 'property', 'type']);

/** Whether an enclosing Python directive documents something called with `()`. */
export function isCallable(type: string): boolean {
  return CALLABLE.has(type);
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * Python's `str.split()` and `str.split(None, maxsplit)`: runs of white space separate, and with
 * a limit the last piece keeps its inner (and trailing) white space.
 */
export function pySplit(text: string, maxsplit = -1): string[] {
  const parts: string[] = [];
  let rest = text.replace(/^\s+/, '');
  while (rest !== '') {
    if (maxsplit !== -1 && parts.length === maxsplit) {
      parts.push(rest);
      break;
    }
    const at = rest.search(/\s/);
    if (at === -1) {
      parts.push(rest);
      break;
    }
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\s+/, '');
  }
  return parts;
}

/** Python's `str.strip(chars)`. */
function stripChars(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start] ?? '')) start++;
  while (end > start && chars.includes(text[end - 1] ?? '')) end--;
  return text.slice(start, end);
}

/**
 * The arguments of an `audit-event` directive from its argument block, as docutils splits them
 * (one required and two optional arguments, the last taking any white space) and CPython's
 * extension reads them.
 */
export function readArguments(block: string[], fail: (reason: string) => never): { name: string; args: string[]; target: string | undefined } {
  const text = block.join('\n');
  let parts = pySplit(text);
  if (parts.length < 1) fail('the audit-event directive needs at least the event name (1 argument(s) required, 0 supplied)');
  if (parts.length > 3) parts = pySplit(text, 2);
  const [name = '', rawArgs, rawTarget] = parts;
  const args = rawArgs ? stripChars(rawArgs, '\'"').split(',').map((arg) => arg.trim()).filter((arg) => arg !== '') : [];
  const target = rawTarget === undefined ? undefined : stripChars(rawTarget, '"\'');
  return { name, args, target };
}

/**
 * Reads a document's audit-event directives and the objects it documents. Comments, literal
 * blocks and the content of code directives are skipped, as docutils does not parse them.
 */
export function readDocument(text: string, file: string): RstDocument {
  const lines = text.split(/\r?\n/);
  const directives: AuditDirective[] = [];
  const objects: DocumentedObject[] = [];
  // Open object directives, innermost last, each with the indentation of its `..`.
  const stack: { indent: number; object: Enclosing; className?: string }[] = [];
  let module: string | undefined;
  let skipBelow = -1;

  for (let at = 0; at < lines.length; at++) {
    const line = lines[at] ?? '';
    if (line.trim() === '') continue;
    const indent = indentOf(line);
    // Inside a comment, literal block or code directive: skip until the text comes back out.
    if (skipBelow !== -1) {
      if (indent > skipBelow) continue;
      skipBelow = -1;
    }
    while (stack.length > 0 && indent <= (stack.at(-1)?.indent ?? -1)) stack.pop();

    const directive = DIRECTIVE.exec(line);
    if (!directive) {
      if (EXPLICIT.test(line) && !/^\s*\.\.\s+(?:_|\||\[)/.test(line)) {
        skipBelow = indent;
        continue;
      }
      // A paragraph ending in `::` introduces a literal block: the indented lines after it.
      if (/::\s*$/.test(line) && !/^\s*\.\./.test(line)) skipBelow = paragraphIndent(lines, at);
      continue;
    }
    const [, , kind = '', rest = ''] = directive;
    const [domain, type] = kind.includes(':') ? (kind.split(':') as [string, string]) : ['py', kind];
    if (LITERAL.has(type)) {
      skipBelow = indent;
      continue;
    }
    // The argument block: the rest of this line and the lines indented under it, up to a blank one.
    // The argument block: the rest of this line and the lines indented under it, up to a blank
    // line or the directive's options (`:synopsis: …`).
    const block = [rest];
    for (let end = at + 1; end < lines.length && (lines[end] ?? '').trim() !== '' && indentOf(lines[end] ?? '') > indent; end++) {
      const next = (lines[end] ?? '').trim();
      if (/^:[\w -]+:/.test(next) && type !== 'audit-event') break;
      block.push(next);
    }
    const argBlock = block[0]?.trim() === '' ? block.slice(1) : block;

    if (type === 'audit-event' && domain === 'py') {
      const fail = (reason: string): never => {
        throw new ImportError(file, at + 1, reason);
      };
      const read = readArguments(argBlock.filter((part, index) => index > 0 || part.trim() !== '').map((part) => part.trim()), fail);
      directives.push({ ...read, line: at + 1, enclosing: stack.at(-1)?.object });
      continue;
    }
    const signature = argBlock.map((part) => part.trim()).join(' ').trim();
    if ((type === 'module' || type === 'currentmodule') && domain === 'py') {
      module = signature === 'None' ? undefined : signature;
      continue;
    }
    // Options and environment variables are what the docs' command-line pages document.
    const known = (domain === 'py' && PY_OBJECT.has(type)) || domain === 'c' || ['option', 'cmdoption', 'envvar', 'describe', 'object'].includes(type);
    if (!known) continue;
    const className = stack.findLast((entry) => entry.className !== undefined)?.className;
    const object: Enclosing = { type, domain: domain === 'py' && !PY_OBJECT.has(type) ? 'std' : domain, signature, fullName: undefined };
    let ownClass: string | undefined;
    if (domain === 'py' && PY_OBJECT.has(type)) {
      const { fullName, classPath } = pythonName(signature, module, className);
      object.fullName = fullName;
      if (type === 'class' || type === 'exception') ownClass = classPath;
    }
    stack.push({ indent, object, ...(ownClass !== undefined ? { className: ownClass } : className !== undefined ? { className } : {}) });
    const anchor = anchorOf(object);
    if (anchor) objects.push({ ...object, anchor });
  }
  return { directives, objects };
}

// The indentation below which a literal block after line `at` ends: that of its paragraph.
function paragraphIndent(lines: string[], at: number): number {
  let start = at;
  while (start > 0 && (lines[start - 1] ?? '').trim() !== '') start--;
  return indentOf(lines[start] ?? '');
}

/**
 * The full name Sphinx's Python domain gives an object: `.. method:: socket.connect(address)` in
 * module `socket` is `socket.socket.connect`; inside `.. class:: Popen` a method `wait` is
 * `subprocess.Popen.wait`.
 */
function pythonName(signature: string, module: string | undefined, className: string | undefined): { fullName: string; classPath: string } {
  const match = /^\s*([\w.]+\.)?\s*(\w+)/.exec(signature.replace(/^(?:async|await|class|final|abstract|static)\s+/g, ''));
  const prefix = match?.[1] ?? '';
  const name = match?.[2] ?? signature;
  let fullName: string;
  if (className) {
    fullName = prefix && (prefix === `${className}.` || prefix.startsWith(`${className}.`)) ? prefix + name : `${className}.${prefix}${name}`;
  } else {
    fullName = prefix + name;
  }
  return { fullName: module ? `${module}.${fullName}` : fullName, classPath: fullName };
}

/** The anchor Sphinx gives an object directive. */
function anchorOf(object: Enclosing): string | undefined {
  if (object.fullName) return object.fullName;
  if (object.domain === 'c') {
    const name = /(\w+)\s*\(/.exec(object.signature)?.[1] ?? /(\w+)\s*$/.exec(object.signature)?.[1];
    return name ? `c.${name}` : undefined;
  }
  if (object.type === 'option' || object.type === 'cmdoption') {
    const option = object.signature.split(/,\s*/)[0]?.split(/[\s=[]/)[0]?.replace(/^-+/, '') ?? '';
    return option ? `cmdoption-${option}` : undefined;
  }
  if (object.type === 'envvar') return `envvar-${object.signature}`;
  return undefined;
}

/** The rows of the docs' hand-written table of events "raised internally": names and argument names. */
export function readInternalTable(text: string, file: string): { name: string; args: string[] }[] {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((line) => /^\s*\.\.\s+audit-event-table::/.test(line));
  if (at === -1) return [];
  const top = lines.findIndex((line, index) => index > at && /^\s*\+-/.test(line));
  if (top === -1) return [];
  const border = lines[top] ?? '';
  const columns = [...border].flatMap((char, index) => (char === '+' ? [index] : []));
  if (columns.length !== 3) throw new ImportError(file, top + 1, `the table of events raised internally has ${columns.length - 1} columns; expected 2`);
  const rows: { name: string; args: string[] }[] = [];
  let cells: string[][] = [[], []];
  let header = true;
  for (let index = top + 1; index < lines.length; index++) {
    const line = (lines[index] ?? '').trimEnd();
    if (line.trim() === '') break;
    if (/^\s*\+=/.test(line)) {
      header = false;
      cells = [[], []];
      continue;
    }
    if (/^\s*\+-/.test(line)) {
      if (!header) {
        const name = cells[0]?.join('') ?? '';
        if (name === '') throw new ImportError(file, index + 1, 'a row of the table of events raised internally has no event name');
        rows.push({ name, args: [...(cells[1]?.join(' ') ?? '').matchAll(/``([^`]+)``/g)].map((match) => match[1] ?? '') });
      }
      cells = [[], []];
      continue;
    }
    if (!/^\s*\|/.test(line)) throw new ImportError(file, index + 1, `expected a row of the table of events raised internally, found "${line.trim().slice(0, 60)}"`);
    cells[0]?.push(line.slice((columns[0] ?? 0) + 1, columns[1]).trim());
    cells[1]?.push(line.slice((columns[1] ?? 0) + 1, columns[2]).trim());
  }
  return rows;
}
