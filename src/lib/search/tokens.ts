import { moduleOf } from '../names/naming';
import type { Entry } from './ranking';
import type { NamePart } from './types';

// Splits at `.`, `_`, `/`, `-` and spaces, and where the case changes (`PyInterpreterState` →
// `Py`, `Interpreter`, `State`; `HTTPServer` → `HTTP`, `Server`).
const PART = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/** The parts of a name (or of a query word): split at `.`, `_`, `/`, `-` and case changes. */
export function nameParts(name: string): NamePart[] {
  return [...name.matchAll(PART)].map((match) => ({ text: match[0], start: match.index }));
}

/** The segments of a name between dots and slashes, with where each starts. */
export function segmentsOf(lower: string): NamePart[] {
  let start = 0;
  return lower.split(/[./]/).map((text) => {
    const segment = { text, start };
    start += text.length + 1;
    return segment;
  });
}

// The name an API label ends with: `connect_ex` in `socket.socket.connect_ex()`, `urlopen` in
// `urllib.request.urlopen()`, `PyConfig_Set` in `PyConfig_Set() (C API)`.
export const API_NAME = /([A-Za-z_][A-Za-z0-9_]*)(?=\(\)|$| \()/;

/**
 * The terms an event is found by: its name parts, its module, its arguments and their other
 * spellings, and the parts of its APIs' names (parts rather than whole names keep the vocabulary,
 * which Fuse searches term by term on every keystroke, as small as the names' own).
 */
export function termsOf(entry: Pick<Entry, 'name' | 'argsLower' | 'synonyms' | 'apiParts' | 'eras'>): string[] {
  return [
    ...nameParts(entry.name).map((part) => part.text.toLowerCase()),
    moduleOf(entry.name).toLowerCase(),
    ...entry.argsLower,
    ...entry.eras.flatMap(([, args]) => args.map((arg) => arg.toLowerCase())),
    ...entry.synonyms,
    ...entry.apiParts.map((api) => api.text),
  ];
}
