import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README and docs/ are read by newcomers first: every link between them leads somewhere, and
// every file of the project they name is there.
const files = ['README.md', ...readdirSync('docs').filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];
const text = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));

/** The text outside fenced code blocks, where links and paths are prose. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (heading ?? '').trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

describe('the README and docs/', () => {
  it('link only to files and headings that exist', () => {
    const broken = files.flatMap((file) =>
      [...prose(text.get(file) ?? '').matchAll(/\]\(([^)\s]+)\)/g)].flatMap(([, target = '']) => {
        if (/^[a-z]+:/.test(target)) return [];
        const [path = '', anchor] = target.split('#');
        const resolved = path === '' ? file : normalize(join(dirname(file), path));
        if (!existsSync(resolved)) return [`${file}: ${target}: no file ${resolved}`];
        if (anchor === undefined) return [];
        if (!resolved.endsWith('.md')) return [`${file}: ${target}: an anchor into a file that is not Markdown`];
        const inside = text.get(resolved) ?? readFileSync(resolved, 'utf8');
        return anchors(inside).has(anchor) ? [] : [`${file}: ${target}: ${resolved} has no heading #${anchor}`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('name only project files that exist', () => {
    const missing = files.flatMap((file) =>
      [...(text.get(file) ?? '').matchAll(/`((?:src|tests|content|bench|docs|\.ci|\.github)\/[^`\s]*)`/g)].flatMap(([, path = '']) =>
        /[*<>…{}]/.test(path) || existsSync(path) ? [] : [`${file}: \`${path}\``],
      ),
    );
    expect(missing).toEqual([]);
  });

  it('are all reachable from the README, which stays short', () => {
    const readme = text.get('README.md') ?? '';
    const unlinked = files.filter((file) => file !== 'README.md' && !readme.includes(`](${file})`));
    expect(unlinked, 'docs the README does not link').toEqual([]);
    expect(readme.split('\n').length, 'README.md lines: move detail into docs/').toBeLessThanOrEqual(160);
  });

  it('computes anchors as GitHub does, so the link check can fail', () => {
    expect([...anchors('# A\n## Other platforms: the trace workflow\n## The events as data: `/events.json`\n## A\n```sh\n# not a heading\n```\n')]).toEqual([
      'a',
      'other-platforms-the-trace-workflow',
      'the-events-as-data-eventsjson',
      'a-1',
    ]);
  });
});
