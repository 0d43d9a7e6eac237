import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHeadersFile, formatNginx, headerPolicy, headerRules, metaPolicy, parseHeadersFile, rulesFor } from '../../src/lib/deploy/headers';

const STRICT = "default-src 'self'; script-src 'self' 'sha256-abc='";
const PLAYGROUND = "default-src 'self'; worker-src 'self' blob:; script-src 'self' 'wasm-unsafe-eval'";

/** The addresses a built file answers at: a folder's index at the folder too. */
const addresses = (file: string, base = '/') => (file.endsWith('index.html') ? [`${base}${file}`, `${base}${file.slice(0, -'index.html'.length)}`] : [`${base}${file}`]);

describe('headerPolicy and metaPolicy', () => {
  it('read the policy Astro writes into a page and add frame-ancestors, which only a header can carry', () => {
    const html = `<head><meta charset="utf-8"><meta http-equiv="content-security-policy" content="default-src 'self';script-src 'self' 'sha256-x=';"></head>`;
    expect(metaPolicy(html)).toBe("default-src 'self';script-src 'self' 'sha256-x=';");
    expect(headerPolicy(metaPolicy(html) ?? '')).toBe("default-src 'self';script-src 'self' 'sha256-x='; frame-ancestors 'none'");
    expect(metaPolicy('<meta http-equiv="content-security-policy" content="img-src &#39;self&#39;">')).toBe("img-src 'self'");
    expect(metaPolicy('<head></head>')).toBeUndefined();
  });
});

describe('headerRules', () => {
  it('gives a site of one policy one rule for everything', () => {
    expect(headerRules([{ file: 'index.html', policy: STRICT }, { file: 'events/open/index.html', policy: STRICT }])).toEqual([
      { pattern: '/*', policy: headerPolicy(STRICT) },
    ]);
  });

  it('splits the folders whose pages differ, down to the page, and prefixes the base path', () => {
    const pages = [
      { file: 'index.html', policy: STRICT },
      { file: '404.html', policy: STRICT },
      { file: 'events/open/index.html', policy: STRICT },
      { file: 'events/socket.connect/index.html', policy: STRICT },
      { file: 'try/index.html', policy: PLAYGROUND },
    ];
    expect(headerRules(pages, '/audit-events/').map((rule) => [rule.pattern, rule.policy === headerPolicy(PLAYGROUND) ? 'playground' : 'strict'])).toEqual([
      ['/audit-events/404.html', 'strict'],
      ['/audit-events/', 'strict'],
      ['/audit-events/index.html', 'strict'],
      ['/audit-events/events/*', 'strict'],
      ['/audit-events/try/*', 'playground'],
    ]);
  });

  it('matches every address of every page with exactly one rule, carrying that page’s policy', () => {
    const file = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 0, maxLength: 3 }).map((dirs) => [...dirs, 'index.html'].join('/'));
    const page = fc.record({ file: fc.oneof(file, fc.constantFrom('404.html', 'a/x.html')), policy: fc.constantFrom(STRICT, PLAYGROUND, 'img-src none') });
    fc.assert(
      fc.property(fc.uniqueArray(page, { selector: (p) => p.file, minLength: 1, maxLength: 12 }), (pages) => {
        const rules = headerRules(pages);
        for (const { file: built, policy } of pages) {
          for (const address of addresses(built)) {
            const matching = rulesFor(rules, address);
            expect(matching.map((rule) => rule.policy), `${address} of ${JSON.stringify(pages)}`).toEqual([headerPolicy(policy)]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the headers file and nginx', () => {
  const rules = headerRules([
    { file: 'index.html', policy: STRICT },
    { file: 'events/open/index.html', policy: STRICT },
    { file: 'try/index.html', policy: PLAYGROUND },
  ]);

  it('reads back what it writes, and refuses a line it does not understand, naming it', () => {
    expect(parseHeadersFile(formatHeadersFile(rules))).toEqual(rules);
    expect(() => parseHeadersFile('/x\n  X-Frame-Options: DENY\n')).toThrow('_headers:2: expected "  Content-Security-Policy: …" under a path, found "  X-Frame-Options: DENY"');
  });

  it('writes nginx locations: exact for a page, a prefix that wins over regular expressions for a folder', () => {
    expect(formatNginx(rules)).toBe(
      [
        `location = / {\n    add_header Content-Security-Policy "${headerPolicy(STRICT)}" always;\n}\n`,
        `location = /index.html {\n    add_header Content-Security-Policy "${headerPolicy(STRICT)}" always;\n}\n`,
        `location ^~ /events/ {\n    add_header Content-Security-Policy "${headerPolicy(STRICT)}" always;\n}\n`,
        `location ^~ /try/ {\n    add_header Content-Security-Policy "${headerPolicy(PLAYGROUND)}" always;\n}\n`,
      ].join(''),
    );
  });
});
