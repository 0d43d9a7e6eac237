/**
 * The site's Content Security Policy as an HTTP header, for hosts that read a headers file
 * (`_headers`, the format of Netlify and Cloudflare Pages) and for nginx. Each page's header policy
 * is its `<meta>` policy, as Astro wrote it, plus `frame-ancestors 'none'`, which a `<meta>`
 * policy cannot carry: no other site may frame this one.
 */

/** The directive only a header can carry. */
export const FRAME_ANCESTORS = "frame-ancestors 'none'";

/** A rule of the headers file: a path pattern (exact, or a prefix ending in `*`) and the policy its pages get. */
export interface HeaderRule {
  pattern: string;
  policy: string;
}

/** A built page: its file under the output directory (`events/open/index.html`) and its `<meta>` policy. */
export interface BuiltPage {
  file: string;
  policy: string;
}

const META = /<meta\s+http-equiv="content-security-policy"\s+content="([^"]*)"/i;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&#39;': "'", '&quot;': '"', '&lt;': '<', '&gt;': '>' };

/** The `<meta>` policy of a page's HTML; undefined when it has none. */
export function metaPolicy(html: string): string | undefined {
  const content = META.exec(html)?.[1];
  return content?.replace(/&(?:amp|#39|quot|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** A page's header policy: its `<meta>` policy with `frame-ancestors 'none'` added. */
export function headerPolicy(meta: string): string {
  return `${meta.trim().replace(/[;\s]+$/, '')}; ${FRAME_ANCESTORS}`;
}

/**
 * The fewest rules that give every page its own policy, none overlapping another: a folder whose
 * pages share one policy is one `<folder>/*` rule, and a folder whose pages differ is split into
 * its own pages and subfolders. Overlapping rules would not do: Cloudflare Pages joins the values
 * of every matching rule (two policies, both enforced), Netlify keeps the last one.
 */
export function headerRules(pages: readonly BuiltPage[], base = '/'): HeaderRule[] {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const rules: HeaderRule[] = [];
  const visit = (dir: string, within: readonly BuiltPage[]) => {
    const policies = new Set(within.map((page) => page.policy));
    if (policies.size === 1) {
      rules.push({ pattern: `${prefix}${dir}*`, policy: headerPolicy(within[0]?.policy ?? '') });
      return;
    }
    const folders = new Map<string, BuiltPage[]>();
    for (const page of [...within].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
      const rest = page.file.slice(dir.length);
      const slash = rest.indexOf('/');
      if (slash === -1) {
        const policy = headerPolicy(page.policy);
        // A folder's index answers at the folder's address too.
        if (rest === 'index.html') rules.push({ pattern: `${prefix}${dir}`, policy });
        rules.push({ pattern: `${prefix}${page.file}`, policy });
      } else {
        const folder = `${dir}${rest.slice(0, slash + 1)}`;
        folders.set(folder, [...(folders.get(folder) ?? []), page]);
      }
    }
    for (const [folder, inside] of folders) visit(folder, inside);
  };
  if (pages.length > 0) visit('', pages);
  return rules;
}

/** The rules that apply to an address, as both hosts match them: exact, or by the prefix before `*`. */
export function rulesFor(rules: readonly HeaderRule[], path: string): HeaderRule[] {
  return rules.filter(({ pattern }) => (pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern));
}

/** The `_headers` file: one block per rule. */
export function formatHeadersFile(rules: readonly HeaderRule[]): string {
  const blocks = rules.map(({ pattern, policy }) => `${pattern}\n  Content-Security-Policy: ${policy}\n`);
  return `# The site's Content Security Policy as a header (the pages' <meta> policy plus ${FRAME_ANCESTORS}),\n# written by the build. No two rules match one address.\n${blocks.join('')}`;
}

/** Reads a `_headers` file written by formatHeadersFile back into rules. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  let pattern: string | undefined;
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      pattern = line.trim();
      continue;
    }
    const header = /^\s+Content-Security-Policy:\s*(.+)$/.exec(line);
    if (!header || pattern === undefined) throw new Error(`_headers:${index + 1}: expected "  Content-Security-Policy: …" under a path, found "${line}"`);
    rules.push({ pattern, policy: header[1] ?? '' });
  }
  return rules;
}

/** The same rules as nginx `location` blocks, for the server block that serves the site. */
export function formatNginx(rules: readonly HeaderRule[]): string {
  return rules
    .map(({ pattern, policy }) => {
      const location = pattern.endsWith('*') ? `^~ ${pattern.slice(0, -1)}` : `= ${pattern}`;
      return `location ${location} {\n    add_header Content-Security-Policy "${policy}" always;\n}\n`;
    })
    .join('');
}
