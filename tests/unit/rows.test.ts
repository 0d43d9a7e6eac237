import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, eventLinksHtml, eventRowsHtml, type RowLinks } from '../../src/lib/views/rows';

const links: RowLinks = { event: (name) => `/events/${name}/`, argument: (name) => `/arguments/${name}/` };
const unescape = (html: string) => html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');
/** What a reader sees of the HTML: its text, tags dropped and entities read. */
const text = (html: string) => unescape(html.replace(/<[^>]*>/g, ''));
/** Every tag's name, in order: markup the inputs could not have added. */
const tags = (html: string) => [...html.matchAll(/<\/?([a-z]+)/g)].map((match) => match[1]);
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((match) => unescape(match[1] ?? ''));

describe('a list of events as HTML', () => {
  it('shows an argument row: the event, where the argument sits, every argument linked in order, and the versions', () => {
    const html = eventRowsHtml([{ name: 'open', args: ['path', 'mode', 'flags'], position: 0, range: '3.8 and later' }], links);
    expect(text(html)).toBe('openas args[0] of argument path, argument mode, argument flags3.8 and later');
    expect(hrefs(html)).toEqual(['/events/open/', '/arguments/path/', '/arguments/mode/', '/arguments/flags/']);
  });

  it("shows a version's row with its [n] markers, each linked into the docs and named for a screen reader", () => {
    const references = [
      { api: 'eval()', url: 'https://docs.python.org/3.14/builtins/functions.html#eval' },
      { api: 'exec()', url: 'https://docs.python.org/3.14/builtins/functions.html#exec' },
    ];
    const html = eventRowsHtml([{ name: 'exec', args: ['code_object'], references: references as never }], links);
    expect(text(html)).toBe('execargument code_object[1][2]');
    expect(hrefs(html).slice(2)).toEqual(references.map((reference) => reference.url));
    expect([...html.matchAll(/aria-label="([^"]*)"/g)].map((match) => match[1])).toEqual(['[1] eval() in the Python docs', '[2] exec() in the Python docs']);
  });

  it('says when an event has no arguments, and when no docs say which', () => {
    expect(text(eventRowsHtml([{ name: 'setopencodehook', args: [], range: '3.8' }], links))).toBe('setopencodehookno arguments3.8');
    expect(text(eventRowsHtml([{ name: 'os._clearenv', args: undefined, range: '3.15' }], links))).toBe('os._clearenvarguments not documented3.15');
  });

  it('keeps hostile names as text: no tag, attribute or entity of their own reaches the page', () => {
    const name = fc.string({ unit: fc.constantFrom('a', '.', '<', '>', '"', "'", '&', '/', ' ', '=', 'é', '→') });
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 3 }), name, (event, args, range) => {
        const html = eventRowsHtml([{ name: event, args, range }], links);
        const plain = eventRowsHtml([{ name: 'x', args: args.map(() => 'y'), range: 'z' }], links);
        expect(tags(html)).toEqual(tags(plain));
        expect(hrefs(html)).toEqual([links.event(event), ...args.map((arg) => links.argument(arg))]);
        expect(text(html)).toBe(`${event}${args.length === 0 ? 'no arguments' : args.map((arg) => `argument ${arg}`).join(', ')}${range}`);
      }),
    );
  });

  it("lists an event page's related events: each linked, with where it carries the argument", () => {
    const html = eventLinksHtml([{ name: 'os.listdir', note: 'args[0]' }, { name: 'os.scandir' }], links);
    expect(tags(html)).toEqual(['li', 'a', 'a', 'span', 'span', 'li', 'li', 'a', 'a', 'li']);
    expect(hrefs(html)).toEqual(['/events/os.listdir/', '/events/os.scandir/']);
    expect(text(html)).toBe('os.listdir args[0]os.scandir');
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, note) => {
        const hostile = eventLinksHtml([{ name, note }], links);
        expect(tags(hostile)).toEqual(['li', 'a', 'a', 'span', 'span', 'li']);
        expect(text(hostile)).toBe(`${name} ${note}`);
      }),
    );
  });

  it('escapes exactly the characters that could end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('ctypes.dlsym/handle → é')).toBe('ctypes.dlsym/handle → é');
  });
});
