// Imported, not import()ed: the page needs its editor at once, and a second script that import()s
// would split Vite's preload helper into a chunk that every page of the site then loads.
import { createEditor } from './editor';
import { LISTED_EVENTS, type RecordedEvent } from './protocol';
import { Runner, TIME_LIMIT_MS, type RunResult } from './runner';

/** How the docs of Pyodide's CPython version know the names an event can have. */
interface Known {
  /** Names the version's tables list (the main table and the events raised internally). */
  listed: Set<string>;
  /** A raised name the docs list under another name → that documented name. */
  documentedAs: Map<string, string>;
  /** Names that have a page on this site. */
  pages: Set<string>;
}


/**
 * The playground: an editor, Run and Stop, and the audit events the code raised, each linked to
 * its page. Python (Pyodide) loads only when the visitor reaches for it, in a worker; code that
 * arrives in the address never runs by itself.
 */
class TryPlayground extends HTMLElement {
  #runner: Runner | undefined;
  #known!: Known;
  #shown = 0;
  #group: { name: string; list: HTMLOListElement; summary: HTMLElement; events: string[] } | undefined;
  #waiting = false;
  #highlight = '';
  #hook = '';

  #get<T extends HTMLElement>(selector: string): T {
    return this.querySelector(selector) as T;
  }

  connectedCallback() {
    const data = this.dataset;
    this.#known = {
      listed: new Set(JSON.parse(data['listed'] ?? '[]') as string[]),
      documentedAs: new Map(Object.entries(JSON.parse(data['documentedAs'] ?? '{}') as Record<string, string>)),
      pages: new Set(JSON.parse(data['pages'] ?? '[]') as string[]),
    };
    const code = this.#get<HTMLTextAreaElement>('#code');
    // Code in the address (a shared run, or an event page's example) fills the editor and waits.
    const url = new URL(location.href);
    const shared = url.searchParams.get('code') ?? new URLSearchParams(url.hash.slice(1)).get('code');
    if (shared !== null) code.value = shared;
    this.#highlight = url.searchParams.get('event') ?? '';
    // A hook from the builder (in the fragment: it never reaches a server) runs before the code.
    this.#hook = new URLSearchParams(url.hash.slice(1)).get('hook') ?? '';
    if (this.#hook) {
      this.#get('[data-hook]').hidden = false;
      this.#get('[data-hook] code').textContent = this.#hook;
    }
    this.#get('[data-needs-js]').hidden = true;
    for (const element of this.querySelectorAll<HTMLElement>('[data-with-js]')) element.hidden = false;

    if (typeof WebAssembly !== 'object' || typeof Worker !== 'function') {
      this.#say('This browser cannot run Python here: it needs WebAssembly and module workers.', 'error');
      this.#get<HTMLButtonElement>('[data-run]').disabled = true;
    }
    const run = () => void this.#run();
    const view = createEditor(code, run);
    // The label names the textarea, which the editor hides: a click on it focuses the editor.
    this.querySelector('label[for="code"]')?.addEventListener('click', () => view.focus());
    // Python loads when the visitor reaches for it: the first focus of the code, or Run.
    this.addEventListener('focusin', (event) => {
      if ((event.target as HTMLElement).closest('[data-editor]')) void this.#load();
    });
    code.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run();
      }
    });
    this.#get('[data-run]').addEventListener('click', run);
    this.#get('[data-stop]').addEventListener('click', () => this.#runner?.stop());
    this.#get('[data-share]').addEventListener('click', () => void this.#share());
    this.#get<HTMLInputElement>('[data-filter]').addEventListener('input', () => this.#filter());
  }

  #runnerFor(): Runner {
    // Absolute addresses: the worker starts from a blob:, against which a path resolves to nothing.
    const absolute = (path: string | undefined) => new URL(path ?? '', location.href).href;
    this.#runner ??= new Runner(absolute(this.dataset['worker']), absolute(this.dataset['pyodide']), {
      progress: (step, of, text) => {
        if (!this.#waiting) return;
        const bar = this.#get<HTMLProgressElement>('progress');
        bar.hidden = false;
        bar.max = of;
        bar.value = step;
        this.#say(`Loading Python: ${text} (${step} of ${of})…`);
      },
      events: (events) => this.#add(events),
      blocked: (directive, uri) => this.#print('error', `Blocked by the page's policy (${directive}): ${uri}. Code here may reach this site only.\n`),
      output: (stream, text) => this.#print(stream, text),
    });
    return this.#runner;
  }

  async #load(): Promise<boolean> {
    this.#waiting = true;
    try {
      const version = await this.#runnerFor().load();
      this.#get('progress').hidden = true;
      this.#say(`Ready: CPython ${version}. Each run starts in a fresh interpreter.`);
      return true;
    } catch (error) {
      this.#get('progress').hidden = true;
      this.#say(`Python could not start in this browser: ${(error as Error).message}.`, 'error');
      return false;
    } finally {
      this.#waiting = false;
    }
  }

  async #run() {
    const runButton = this.#get<HTMLButtonElement>('[data-run]');
    if (runButton.disabled) return;
    runButton.disabled = true;
    try {
      if (!(await this.#load())) return;
      this.#reset();
      // Which run this is, and whether it is still going: for whoever waits on the results.
      this.dataset['run'] = String(Number(this.dataset['run'] ?? '0') + 1);
      this.#get('[data-results]').setAttribute('aria-busy', 'true');
      this.#get<HTMLButtonElement>('[data-stop]').disabled = false;
      this.#say('Running…');
      const code = this.#get<HTMLTextAreaElement>('#code').value;
      const input = this.#get<HTMLTextAreaElement>('#stdin').value;
      this.#finish(await this.#runnerFor().run(code, input, this.#hook));
      this.#get('[data-results]').setAttribute('aria-busy', 'false');
    } finally {
      runButton.disabled = false;
      this.#get<HTMLButtonElement>('[data-stop]').disabled = true;
    }
  }

  #reset() {
    this.#shown = 0;
    this.#group = undefined;
    this.#get('[data-events]').replaceChildren();
    this.#get('[data-counts]').replaceChildren();
    this.#get('[data-output]').replaceChildren();
    this.#get('[data-results]').hidden = false;
  }

  #finish(result: RunResult) {
    if (result.stopped === 'time') {
      this.#say(`Stopped after ${TIME_LIMIT_MS / 1000} s, the limit for a run. The events until then are listed.`, 'error');
    } else if (result.stopped === 'stop') {
      this.#say('Stopped. The events until then are listed.');
    } else {
      const total = Object.values(result.counts).reduce((sum, count) => sum + count, 0);
      const dropped = result.dropped > 0 ? ` (the first ${total - result.dropped} listed)` : '';
      this.#say(`Done: ${total} ${total === 1 ? 'event' : 'events'}${dropped} in ${(result.seconds * 1000).toFixed(0)} ms${result.error ? ', ending in an exception' : ''}.`);
      if (result.error) this.#print('error', result.error);
      this.#counts(result.counts);
    }
    if (this.#get('[data-output]').childNodes.length === 0) this.#print('note', 'Nothing was printed.');
    this.#filter();
  }

  // Appends events to the list as they come: imports fold into one group each, as does the
  // compiling and starting of the visitor's code.
  #add(events: RecordedEvent[]) {
    const list = this.#get<HTMLOListElement>('[data-events]');
    for (const [name, args, loading, harness] of events) {
      if (this.#shown >= LISTED_EVENTS) break;
      this.#shown++;
      const row = this.#row(name, args);
      if (harness) {
        if (this.#group?.name !== 'run') this.#group = this.#openGroup(list, 'run', 'Running your code');
      } else if (name === 'import' && !loading) {
        this.#group = this.#openGroup(list, 'import', `import ${(args[0] ?? '').replace(/^'|'$/g, '')}`);
      } else if (!loading || !this.#group || this.#group.name !== 'import') {
        this.#group = undefined;
      }
      if (this.#group) {
        this.#group.list.append(row);
        this.#group.events.push(name);
        this.#summarise(this.#group);
      } else {
        list.append(row);
      }
    }
  }

  #openGroup(list: HTMLOListElement, name: string, title: string) {
    const item = document.createElement('li');
    item.className = 'py-1';
    const details = document.createElement('details');
    details.dataset['group'] = name;
    const summary = document.createElement('summary');
    summary.className = 'cursor-pointer';
    const heading = document.createElement('code');
    heading.textContent = title;
    summary.append(heading, document.createElement('span'));
    const inner = document.createElement('ol');
    inner.className = 'mt-1 ml-4 space-y-0.5 border-l border-line pl-3';
    details.append(summary, inner);
    item.append(details);
    list.append(item);
    return { name, list: inner, summary, events: [] as string[] };
  }

  #summarise(group: { summary: HTMLElement; events: string[] }) {
    const counts = new Map<string, number>();
    for (const name of group.events) counts.set(name, (counts.get(name) ?? 0) + 1);
    const note = group.summary.lastElementChild as HTMLElement;
    note.className = 'ml-2 text-sm text-muted';
    note.textContent = `${group.events.length} ${group.events.length === 1 ? 'event' : 'events'}: ${[...counts].map(([name, count]) => `${name} ${count}`).join(', ')}`;
  }

  #row(name: string, args: string[]): HTMLLIElement {
    const item = document.createElement('li');
    item.dataset['event'] = name;
    item.className = 'break-words py-0.5';
    if (name === this.#highlight) item.classList.add('bg-mark');
    const label = this.#known.pages.has(name) ? document.createElement('a') : document.createElement('span');
    if (label instanceof HTMLAnchorElement) label.href = `${this.dataset['eventPages'] ?? ''}${name.split('/').map(encodeURIComponent).join('/')}/`;
    label.className = 'font-mono font-medium';
    label.textContent = name;
    const argsText = document.createElement('code');
    argsText.className = 'ml-1 text-sm';
    argsText.textContent = `(${args.join(', ')})`;
    item.append(label, argsText);
    const documented = this.#known.documentedAs.get(name);
    const mark = documented ? `documented as ${documented}` : this.#known.listed.has(name) ? '' : `undocumented in ${this.dataset['docs']}`;
    if (mark) {
      const badge = document.createElement('span');
      badge.className = 'ml-2 rounded border border-current px-1 text-xs text-muted';
      badge.textContent = mark;
      item.append(badge);
    }
    return item;
  }

  #counts(counts: Record<string, number>) {
    const list = this.#get('[data-counts]');
    for (const [name, count] of Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'min-h-6 rounded border border-line px-1.5 font-mono text-sm hover:border-accent';
      button.textContent = `${name} ${count}`;
      button.setAttribute('aria-label', `Show only ${name}: ${count} ${count === 1 ? 'event' : 'events'}`);
      button.addEventListener('click', () => {
        this.#get<HTMLInputElement>('[data-filter]').value = name;
        this.#filter();
      });
      item.append(button);
      list.append(item);
    }
  }

  // Narrows the list to the events whose name holds the filter's text; groups open to show them.
  #filter() {
    const text = this.#get<HTMLInputElement>('[data-filter]').value.trim().toLowerCase();
    let shown = 0;
    const rows = [...this.querySelectorAll<HTMLElement>('[data-events] li[data-event]')];
    for (const row of rows) {
      row.hidden = text !== '' && !(row.dataset['event'] ?? '').toLowerCase().includes(text);
      if (!row.hidden) shown++;
    }
    for (const details of this.querySelectorAll<HTMLDetailsElement>('[data-events] details')) {
      const any = [...details.querySelectorAll<HTMLElement>('li[data-event]')].some((row) => !row.hidden);
      (details.parentElement as HTMLElement).hidden = !any;
      if (text !== '') details.open = any;
    }
    this.#get('[data-filter-status]').textContent = text === '' ? `${rows.length} ${rows.length === 1 ? 'event' : 'events'}` : `${shown} of ${rows.length} events match “${text}”`;
  }

  #print(stream: 'stdout' | 'stderr' | 'error' | 'note', text: string) {
    const output = this.#get('[data-output]');
    const span = document.createElement('span');
    if (stream !== 'stdout') span.className = stream === 'note' ? 'text-muted' : 'text-code-keyword';
    span.textContent = text;
    output.append(span);
  }

  #say(text: string, kind: 'info' | 'error' = 'info') {
    const status = this.#get('[data-status]');
    status.textContent = text;
    status.classList.toggle('text-code-keyword', kind === 'error');
  }

  async #share() {
    const url = new URL(location.href);
    // The builder's hook stays with the code it was tried on.
    url.hash = this.#hook ? new URLSearchParams({ hook: this.#hook }).toString() : '';
    url.searchParams.delete('event');
    url.searchParams.set('code', this.#get<HTMLTextAreaElement>('#code').value);
    history.replaceState(history.state, '', url);
    const note = this.#get('[data-share-status]');
    try {
      await navigator.clipboard.writeText(url.href);
      note.textContent = 'Link copied: it opens this code, which waits for Run.';
    } catch {
      note.textContent = 'The address bar now holds a link to this code.';
    }
  }
}

customElements.define('try-playground', TryPlayground);
