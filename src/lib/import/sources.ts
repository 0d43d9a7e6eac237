import { ImportError } from './rst';

/** A call that raises an event named by a string literal. */
export interface FoundSite {
  event: string;
  file: string;
  line: number;
  function: string;
}

const C_DIRECTORIES = ['Modules', 'Objects', 'Python', 'Parser', 'PC', 'Include'];

/** Whether a path (relative to the source tree, `/`-separated) is test code: `test`, `tests`, `idle_test` or `_test*`. */
export function isTestCode(path: string): boolean {
  return path.split('/').some((part) => part === 'test' || part === 'tests' || part === 'idle_test' || part.startsWith('_test'));
}

/** Whether the scan reads a file: C sources and headers of the runtime's directories, Python under Lib/, never test code. */
export function isScanned(path: string): 'C' | 'Python' | undefined {
  if (isTestCode(path)) return undefined;
  const top = path.split('/')[0] ?? '';
  if (/\.[ch]$/.test(path) && C_DIRECTORIES.includes(top)) return 'C';
  if (path.endsWith('.py') && top === 'Lib') return 'Python';
  return undefined;
}

interface Literal {
  start: number;
  end: number;
  value: string;
}

/**
 * C source with comments blanked and every string and character literal kept but recorded, so that
 * positions and lines are those of the original: every line break stays where it was, whatever a
 * comment or literal holds (a string continued with a backslash at a line's end, CRLF line ends).
 */
function maskC(text: string, file: string): { code: string; literals: Literal[] } {
  const out = text.split('');
  const literals: Literal[] = [];
  const lineAt = (at: number) => text.slice(0, at).split('\n').length;
  // Blanks a span of the text, keeping its line breaks.
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (text[k] !== '\n' && text[k] !== '\r') out[k] = ' ';
  };
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    const next = text[at + 1];
    if (char === '/' && next === '/') {
      // A line comment ends at the line's end, unless a backslash continues it.
      const start = at;
      while (at < text.length && !(text[at] === '\n' && !continued(text, at))) at++;
      blank(start, at);
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', at + 2);
      if (end === -1) throw new ImportError(file, lineAt(at), 'a comment that never closes');
      blank(at, end + 2);
      at = end + 2;
    } else if (char === '"' || char === "'") {
      const start = at;
      let value = '';
      at++;
      while (at < text.length && text[at] !== char) {
        if (text[at] === '\\') {
          // A backslash before a line end (LF or CRLF) continues the literal on the next line.
          const skip = text[at + 1] === '\r' && text[at + 2] === '\n' ? 3 : 2;
          if (text[at + 1] !== '\n' && skip === 2) value += text.slice(at, at + 2);
          at += skip;
        } else if (text[at] === '\n') {
          throw new ImportError(file, lineAt(start), `a ${char === '"' ? 'string' : 'character'} literal that never closes`);
        } else {
          value += text[at++];
        }
      }
      at++;
      if (char === '"') literals.push({ start, end: at, value });
      blank(start + 1, at - 1);
    } else {
      at++;
    }
  }
  return { code: out.join(''), literals };
}

// Whether the line break at `at` follows a backslash (a continued line).
function continued(text: string, at: number): boolean {
  return text[at - 1] === '\\' || (text[at - 1] === '\r' && text[at - 2] === '\\');
}

const C_CALL = /\b(PySys_Audit|PySys_AuditTuple|_PySys_Audit)\s*\(/g;

/**
 * The audit calls of a C file whose event is a string literal: `PySys_Audit("open", …)`,
 * `PySys_AuditTuple("open", …)`, `_PySys_Audit(tstate, "open", …)`, each with the function around
 * it. Calls whose event is not a literal (the definitions, and code passing an event through) are
 * not sites.
 */
export function scanC(text: string, file: string): FoundSite[] {
  const { code, literals } = maskC(text, file);
  const lines = code.split('\n');
  const lineStarts = [0];
  for (let at = 0; at < code.length; at++) if (code[at] === '\n') lineStarts.push(at + 1);
  const lineOf = (position: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= position) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  const found: FoundSite[] = [];
  for (const match of code.matchAll(C_CALL)) {
    let at = (match.index ?? 0) + match[0].length;
    if (match[1] === '_PySys_Audit') at = afterArgument(code, at);
    if (at === -1) continue;
    while (/\s/.test(code[at] ?? '')) at++;
    // The event: a string literal, or adjacent literals, and then the end of the argument.
    let event = '';
    let literal = literals.find((candidate) => candidate.start === at);
    if (!literal) continue;
    while (literal) {
      event += literal.value;
      at = literal.end;
      while (/\s/.test(code[at] ?? '')) at++;
      literal = literals.find((candidate) => candidate.start === at);
    }
    if (code[at] !== ',' && code[at] !== ')') continue;
    const line = lineOf(match.index ?? 0);
    found.push({ event: unescapeC(event), file, line, function: enclosingMacro(lines, line) ?? enclosingCFunction(lines, line) ?? '' });
  }
  return found;
}

// The position after the top-level comma ending the argument that starts at `at`, or -1.
function afterArgument(code: string, at: number): number {
  let depth = 0;
  for (let k = at; k < code.length; k++) {
    const char = code[k];
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      if (depth === 0) return -1;
      depth--;
    } else if (char === ',' && depth === 0) return k + 1;
  }
  return -1;
}

function unescapeC(value: string): string {
  return value.replace(/\\(["'\\?])/g, '$1');
}

/** The macro a line of C belongs to, where it is part of a `#define` continued over lines, as Ctags names it. */
export function enclosingMacro(lines: readonly string[], line: number): string | undefined {
  let first = line - 1;
  while (first > 0 && /\\\s*$/.test(lines[first - 1] ?? '')) first--;
  return /^\s*#\s*define\s+([A-Za-z_]\w*)/.exec(lines[first] ?? '')?.[1];
}

/**
 * The function a line of C belongs to. CPython's layout (PEP 7) puts a function's braces at the
 * start of their lines and its name before the first parenthesis of its declarator; where that
 * does not hold (preprocessor branches), the nearest definition above whose name starts a line.
 */
export function enclosingCFunction(lines: readonly string[], line: number): string | undefined {
  // The nearest `{` that opens a line at or above the call, whose `}` comes at or after it.
  for (let open = line - 1; open >= 0; open--) {
    const text = lines[open] ?? '';
    if (text.startsWith('}') && open < line - 1) break;
    if (!text.startsWith('{')) continue;
    const close = lines.findIndex((candidate, at) => at > open && candidate.startsWith('}'));
    if (close !== -1 && close < line - 1) break;
    const name = declaratorName(lines, open);
    if (name) return name;
    break;
  }
  for (let at = line - 1; at >= 0; at--) {
    const match = /^(?:[A-Za-z_][\w\s*]*\s+\**)?([A-Za-z_]\w*)\s*\(/.exec(lines[at] ?? '');
    if (match && !/^(?:if|for|while|switch|return|sizeof|defined)$/.test(match[1] ?? '') && !/;\s*$/.test(lines[at] ?? '')) return match[1];
  }
  return undefined;
}

// The function name of the declarator above the `{` on line `open`: the last name followed by
// `(` outside parentheses (`Py_LOCAL_INLINE(int) foo(…)` is foo).
function declaratorName(lines: readonly string[], open: number): string | undefined {
  const parts: string[] = [];
  for (let at = open - 1; at >= 0 && parts.length < 40; at--) {
    const text = lines[at] ?? '';
    const trimmed = text.trim();
    if (trimmed.startsWith('#')) break;
    if (/[;}]\s*$/.test(trimmed) || (trimmed === '' && parts.some((part) => part.trim() !== ''))) break;
    parts.unshift(text);
  }
  const declarator = parts.join('\n');
  let depth = 0;
  let name: string | undefined;
  for (const match of declarator.matchAll(/([A-Za-z_]\w*)\s*\(|[()]/g)) {
    if (match[0] === ')') depth--;
    else if (match[0] === '(') depth++;
    else {
      if (depth === 0) name = match[1];
      depth++;
    }
  }
  return name;
}

interface PyToken {
  kind: 'name' | 'string' | 'op' | 'newline';
  text: string;
  line: number;
  /** For strings: the value, where the literal is a plain (not f-) string. */
  value?: string;
  /** For the first token of a logical line: its indentation. */
  indent?: number;
}

/** Python source as tokens: names, strings, operators and logical line ends; comments dropped. */
export function tokenizePython(text: string, file: string): PyToken[] {
  const tokens: PyToken[] = [];
  let at = 0;
  let line = 1;
  let depth = 0;
  let lineStart = true;
  const fail = (reason: string, where = line): never => {
    throw new ImportError(file, where, reason);
  };
  while (at < text.length) {
    const char = text[at] ?? '';
    if (lineStart) {
      // Indentation of a logical line: spaces, and tabs to the next multiple of 8.
      let indent = 0;
      let k = at;
      while (text[k] === ' ' || text[k] === '\t' || text[k] === '\f') {
        indent = text[k] === '\t' ? (Math.floor(indent / 8) + 1) * 8 : text[k] === ' ' ? indent + 1 : 0;
        k++;
      }
      at = k;
      const rest = text[at];
      if (rest === '\n' || rest === '#' || rest === '\r' || rest === undefined) {
        // A blank or comment-only line starts nothing.
        while (at < text.length && text[at] !== '\n') at++;
        if (text[at] === '\n') {
          at++;
          line++;
        }
        continue;
      }
      lineStart = false;
      const token = readToken();
      if (token) tokens.push({ ...token, indent });
      continue;
    }
    if (char === '\n') {
      at++;
      if (depth === 0) {
        tokens.push({ kind: 'newline', text: '\n', line });
        lineStart = true;
      }
      line++;
      continue;
    }
    const token = readToken();
    if (token) tokens.push(token);
  }
  return tokens;

  function readToken(): Omit<PyToken, 'indent'> | undefined {
    const char = text[at] ?? '';
    if (char === ' ' || char === '\t' || char === '\r' || char === '\f') {
      at++;
      return undefined;
    }
    if (char === '#') {
      while (at < text.length && text[at] !== '\n') at++;
      return undefined;
    }
    if (char === '\\' && (text[at + 1] === '\n' || text[at + 1] === '\r')) {
      at += text[at + 1] === '\r' ? 3 : 2;
      line++;
      return undefined;
    }
    const prefix = /^([rRbBuUfFtT]{0,2})(['"])/.exec(text.slice(at, at + 4));
    if (prefix && /^[A-Za-z]*$/.test(prefix[1] ?? '')) {
      const startLine = line;
      const value = readString((prefix[1] ?? '').toLowerCase());
      return { kind: 'string', text: 'str', line: startLine, ...(value !== undefined ? { value } : {}) };
    }
    const name = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(text.slice(at, at + 200));
    if (name) {
      at += name[0].length;
      return { kind: 'name', text: name[0], line };
    }
    if ('([{'.includes(char)) depth++;
    if (')]}'.includes(char)) depth = Math.max(0, depth - 1);
    at++;
    return { kind: 'op', text: char, line };
  }

  // Reads a string literal (at its prefix); its value unless it is an f-string.
  function readString(prefix: string): string | undefined {
    const startLine = line;
    at += prefix.length;
    const quote = text[at] ?? '"';
    const triple = text.slice(at, at + 3) === quote.repeat(3);
    const close = triple ? quote.repeat(3) : quote;
    at += close.length;
    const raw = prefix.includes('r');
    const formatted = prefix.includes('f') || prefix.includes('t');
    let value = '';
    while (true) {
      if (at >= text.length) fail('a string that never closes', startLine);
      if (text.startsWith(close, at)) {
        at += close.length;
        return formatted ? undefined : value;
      }
      const char = text[at] ?? '';
      if (char === '\n') {
        if (!triple) fail('a string that never closes', startLine);
        line++;
      }
      if (char === '\\') {
        const next = text[at + 1] ?? '';
        if (next === '\r' && text[at + 2] === '\n') {
          // A backslash before a CRLF line end: the literal goes on over the next line.
          line++;
          if (raw) value += '\\\r\n';
          at += 3;
          continue;
        }
        if (next === '\n') line++;
        value += raw ? char + next : next;
        at += 2;
        continue;
      }
      if (formatted && char === '{') {
        if (text[at + 1] === '{') {
          at += 2;
          continue;
        }
        readReplacementField();
        continue;
      }
      value += char;
      at++;
    }
  }

  // An f-string's `{…}`: an expression, which may hold strings of its own.
  function readReplacementField(): void {
    let braces = 0;
    while (at < text.length) {
      const char = text[at] ?? '';
      if (char === '{') braces++;
      else if (char === '}') {
        braces--;
        if (braces === 0) {
          at++;
          return;
        }
      } else if (char === '\n') line++;
      const prefix = /^([rRbBuUfFtT]{0,2})(['"])/.exec(text.slice(at, at + 4));
      if (prefix && (at === 0 || !/[\w]/.test(text[at - 1] ?? ''))) {
        readString((prefix[1] ?? '').toLowerCase());
        continue;
      }
      at++;
    }
  }
}

/**
 * The `sys.audit(...)` calls of a Python module whose event is a string literal, through any name
 * `sys` is imported as and through `audit` imported from `sys`, each with the qualified name of
 * the code around it (`Popen._execute_child`, `<module>`; a nested function is
 * `outer.<locals>.inner`, as Python's own `__qualname__`).
 */
export function scanPython(text: string, file: string): FoundSite[] {
  const tokens = tokenizePython(text, file);
  const modules = new Set<string>();
  const functions = new Set<string>();
  // Every name sys or its audit goes by, wherever it is imported.
  for (let at = 0; at < tokens.length; at++) {
    const token = tokens[at];
    if (token?.kind !== 'name') continue;
    if (token.text === 'import' && tokens[at - 1]?.text !== 'sys' && !isFromImport(tokens, at)) {
      for (let k = at + 1; k < tokens.length && tokens[k]?.kind !== 'newline'; k++) {
        if (tokens[k]?.text === 'sys' && tokens[k - 1]?.text !== '.' && tokens[k + 1]?.text !== '.') {
          modules.add(tokens[k + 1]?.text === 'as' ? (tokens[k + 2]?.text ?? 'sys') : 'sys');
        }
      }
    }
    if (token.text === 'from' && tokens[at + 1]?.text === 'sys' && tokens[at + 2]?.text === 'import') {
      for (let k = at + 3; k < tokens.length && tokens[k]?.kind !== 'newline'; k++) {
        if (tokens[k]?.text === 'audit') functions.add(tokens[k + 1]?.text === 'as' ? (tokens[k + 2]?.text ?? 'audit') : 'audit');
      }
    }
  }
  if (modules.size === 0 && functions.size === 0) return [];

  const found: FoundSite[] = [];
  const scopes: { indent: number; name: string; kind: 'def' | 'class' }[] = [];
  for (let at = 0; at < tokens.length; at++) {
    const token = tokens[at];
    if (!token) continue;
    if (token.indent !== undefined) {
      while (scopes.length > 0 && token.indent <= (scopes.at(-1)?.indent ?? -1)) scopes.pop();
      let k = at;
      if (tokens[k]?.text === 'async') k++;
      const keyword = tokens[k]?.text;
      if ((keyword === 'def' || keyword === 'class') && tokens[k + 1]?.kind === 'name') {
        scopes.push({ indent: token.indent, name: tokens[k + 1]?.text ?? '', kind: keyword });
      }
    }
    if (token.kind !== 'name' || tokens[at - 1]?.text === '.' || tokens[at - 1]?.text === 'def') continue;
    let open: number | undefined;
    if (modules.has(token.text) && tokens[at + 1]?.text === '.' && tokens[at + 2]?.text === 'audit' && tokens[at + 3]?.text === '(') open = at + 3;
    else if (functions.has(token.text) && tokens[at + 1]?.text === '(') open = at + 1;
    if (open === undefined) continue;
    const first = tokens[open + 1];
    const after = tokens[open + 2];
    if (first?.kind !== 'string' || first.value === undefined || (after?.text !== ',' && after?.text !== ')')) continue;
    found.push({ event: first.value, file, line: token.line, function: qualifiedName(scopes) });
  }
  return found;
}

function isFromImport(tokens: readonly PyToken[], at: number): boolean {
  for (let k = at - 1; k >= 0 && tokens[k]?.kind !== 'newline'; k--) if (tokens[k]?.text === 'from') return true;
  return false;
}

function qualifiedName(scopes: readonly { name: string; kind: 'def' | 'class' }[]): string {
  if (scopes.length === 0) return '<module>';
  return scopes.map((scope, at) => (at > 0 && scopes[at - 1]?.kind === 'def' ? `<locals>.${scope.name}` : scope.name)).join('.');
}
