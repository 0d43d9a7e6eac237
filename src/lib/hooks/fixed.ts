/**
 * The fixed part of a generated hook is a real source file (`policy.py`, `policy.c`) that runs and
 * compiles on its own, as Argument Clinic's hand-written C does: a writer swaps in the hook's own
 * leading text for the file's and its tables for the block between the file's two markers, and
 * leaves every other line as it is.
 */
export interface FixedSource {
  /** The file's own leading text (its docstring or comment), which the writer replaces. */
  header: RegExp;
  /** The lines that open and close the generated block, each alone on its line. */
  open: string;
  close: string;
}

/** `source` with its leading text replaced by `header` and its marked block by `block` (markers kept). */
export function fillFixed(source: string, shape: FixedSource, header: string, block: string): string {
  const found = shape.header.exec(source);
  if (!found || found.index !== 0) throw new Error('the fixed source does not begin with its leading text');
  const start = source.indexOf(`\n${shape.open}\n`);
  const end = source.indexOf(`\n${shape.close}\n`);
  if (start === -1 || end < start) throw new Error(`the fixed source has no block between ${shape.open} and ${shape.close}`);
  return `${header}${source.slice(found[0].length, start)}\n${shape.open}\n${block}${source.slice(end)}`;
}
