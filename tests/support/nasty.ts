import fc from 'fast-check';

/**
 * Text a visitor may type into an allow-list, at its worst: quotes, backslashes, newlines, `"""`,
 * `*\/`, NUL, lone surrogates and other scripts, among random text.
 */
export const nasty = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('"""', "'''", '*/', '/*', '\\', '\\"', '\u0000', '\n', '\r\n', '\u2028', '\ud800', '\udfff', 'é', '😀', 'مرحبا', '${x}', '{}', '??='),
);
