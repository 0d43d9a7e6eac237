/*
 * String literals for generated code. A visitor's allow-list entry is text anyone may type:
 * quotes, backslashes, newlines, `"""`, `*\/`, NUL, lone surrogates, other scripts. In the output it
 * is only ever a literal, escaped so that nothing in it can end the literal (or a comment, or a
 * line) and so that the program reads back exactly the text that was typed.
 */

const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');

/**
 * A Python string literal for `text`: printable ASCII as it is (but `\` and `"`), everything else
 * as an escape (`\n`, `\x00`, `\u00e9`, `\U0001f600`; a lone surrogate as its `\udXXX`), so the
 * literal is plain ASCII on one line.
 */
export function pyString(text: string): string {
  let out = '"';
  for (let at = 0; at < text.length; at++) {
    const unit = text.charCodeAt(at);
    const point = text.codePointAt(at) ?? unit;
    if (point > 0xffff) {
      out += `\\U${hex(point, 8)}`;
      at++;
    } else if (unit === 0x5c) out += '\\\\';
    else if (unit === 0x22) out += '\\"';
    else if (unit === 0x0a) out += '\\n';
    else if (unit === 0x0d) out += '\\r';
    else if (unit === 0x09) out += '\\t';
    else if (unit >= 0x20 && unit < 0x7f) out += text[at];
    else if (unit < 0x100) out += `\\x${hex(unit, 2)}`;
    else out += `\\u${hex(unit, 4)}`;
  }
  return `${out}"`;
}

/**
 * A C string literal of `text`'s UTF-8 bytes: printable ASCII as it is (but `\`, `"` and `?`,
 * which could start a trigraph), every other byte as a three-digit octal escape, which no
 * following digit can extend. A NUL byte stays in the literal: C code that reads it takes the
 * length from `sizeof`, never from `strlen`. Lone surrogates become U+FFFD, as UTF-8 has no
 * encoding for them.
 */
export function cString(text: string): string {
  let out = '"';
  for (const byte of new TextEncoder().encode(text)) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x22) out += '\\"';
    else if (byte === 0x3f) out += '\\?';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}
