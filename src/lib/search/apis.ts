import type { SearchApi } from './types';

/*
 * The traced APIs travel in `/search.json` as one string, a line per module, which compresses a
 * tenth smaller than a list of [name, events] pairs: the module's name, then each API's last part
 * with, after `=`, the indexes of the events it raises joined by dots.
 *
 *   os.path exists=40 getsize=41 join
 *   pathlib.Path read_text=120 write_text=120
 *    open=120 print
 *
 * (`open` has no module: its line starts with the space.) Names hold no spaces, `=` or line breaks.
 */

/** The APIs, in their order, as the string `/search.json` carries. */
export function packApis(apis: readonly SearchApi[]): string {
  const lines: string[] = [];
  let module: string | undefined;
  for (const [name, raises] of apis) {
    const dot = name.lastIndexOf('.');
    const here = dot < 0 ? '' : name.slice(0, dot);
    const item = `${name.slice(dot + 1)}${raises.length > 0 ? `=${raises.join('.')}` : ''}`;
    if (here === module) lines[lines.length - 1] += ` ${item}`;
    else lines.push(`${here} ${item}`);
    module = here;
  }
  return lines.join('\n');
}

/** The APIs a packed string holds, as `packApis` was given them. */
export function unpackApis(packed: string): SearchApi[] {
  if (packed === '') return [];
  return packed.split('\n').flatMap((line) => {
    const [module = '', ...items] = line.split(' ');
    return items.map((item): SearchApi => {
      const [last = '', raises] = item.split('=');
      return [module ? `${module}.${last}` : last, raises ? raises.split('.').map(Number) : []];
    });
  });
}
