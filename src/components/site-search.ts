import type { EventSearch } from '../lib/search';

const LIMIT = 50;

interface Loaded {
  engine: EventSearch;
  view: typeof import('./search-view');
}

/**
 * The header's search box: a WAI-ARIA combobox whose listbox holds links to events. Loads the
 * search code and data only when the visitor first reaches for the box.
 */
class SiteSearch extends HTMLElement {
  #loaded: Promise<Loaded> | undefined;
  #categories: Promise<void> | undefined;
  #active = -1;
  #pending: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  get #input() {
    return this.querySelector('input') as HTMLInputElement;
  }
  get #panel() {
    return this.querySelector('[data-panel]') as HTMLElement;
  }
  get #list() {
    return this.querySelector('[role=listbox]') as HTMLElement;
  }
  get #options() {
    return [...this.#list.querySelectorAll<HTMLAnchorElement>('[role=option]')];
  }

  connectedCallback() {
    const input = this.#input;
    input.addEventListener('focus', () => {
      void this.#load();
      this.#open(true);
    });
    input.addEventListener('input', () => void this.#update());
    input.addEventListener('keydown', (event) => this.#onKey(event));
    this.querySelector('form')?.addEventListener('submit', (event) => event.preventDefault());
    this.addEventListener('focusout', (event) => {
      if (!this.contains(event.relatedTarget as Node | null)) this.#open(false);
    });
    document.addEventListener('pointerdown', (event) => {
      if (!this.contains(event.target as Node)) this.#open(false);
    });
    document.addEventListener('keydown', (event) => this.#onShortcut(event));
    this.addEventListener('click', () => this.#flush(), true);
    addEventListener('pagehide', () => this.#flush());
    // What the visitor typed before this script ran (a slow connection), a shared link
    // (`?q=socket`), or Back to a page where a query was typed.
    const query = input.value || new URL(location.href).searchParams.get('q');
    if (query) {
      input.value = query;
      void this.#update();
    }
  }

  // The search's code (engine and rendering) and data, fetched together once.
  #load(): Promise<Loaded> {
    this.#loaded ??= Promise.all([
      import('./search-view'),
      fetch(this.dataset['src'] ?? '').then((response) => {
        if (!response.ok) throw new Error(`search data: HTTP ${response.status}`);
        return response.json();
      }),
    ]).then(([view, data]) => ({ view, engine: new view.EventSearch(data) }));
    // A failed load (offline) may be retried on the next keystroke.
    this.#loaded.catch(() => (this.#loaded = undefined));
    return this.#loaded;
  }

  // The categories, fetched once, on the first query that filters by one.
  #loadCategories(engine: EventSearch): Promise<void> {
    this.#categories ??= fetch(this.dataset['categories'] ?? '')
      .then((response) => {
        if (!response.ok) throw new Error(`search categories: HTTP ${response.status}`);
        return response.json();
      })
      .then((categories) => engine.addCategories(categories));
    this.#categories.catch(() => (this.#categories = undefined));
    return this.#categories;
  }

  async #update() {
    const query = this.#input.value;
    this.#remember(query);
    this.#open(true);
    if (query.trim() === '') return this.#show(query, [], '');
    let loaded: Loaded;
    try {
      loaded = await this.#load();
      if (loaded.view.EventSearch.wantsCategories(query)) await this.#loadCategories(loaded.engine);
    } catch {
      return this.#say('Search could not load. Check the connection and type again.');
    }
    // A later keystroke has already taken over.
    if (this.#input.value !== query) return;
    const { engine, view } = loaded;
    const { hits, total } = engine.search(query, LIMIT);
    if (total === 0) return this.#show(query, [], `No events match “${query}”.`, view.suggest(engine.suggest(query)));
    const count = `${total} ${total === 1 ? 'result' : 'results'}`;
    this.#show(query, view.options(hits), total > hits.length ? `${count}, showing the first ${hits.length}` : count);
  }

  #show(query: string, options: HTMLElement[], status: string, suggestions: HTMLElement[] = []) {
    this.#list.replaceChildren(...options);
    this.#list.dataset['query'] = query;
    this.#setActive(-1);
    (this.querySelector('#search-help') as HTMLElement).hidden = query.trim() !== '';
    (this.querySelector('[data-suggestions]') as HTMLElement).replaceChildren(...suggestions);
    this.#say(status);
  }

  #say(text: string) {
    (this.querySelector('[data-status]') as HTMLElement).textContent = text;
  }

  #open(open: boolean) {
    this.#panel.hidden = !open;
    this.#input.setAttribute('aria-expanded', String(open));
    if (!open) this.#setActive(-1);
  }

  #setActive(index: number) {
    const options = this.#options;
    this.#active = index;
    options.forEach((option, at) => option.setAttribute('aria-selected', String(at === index)));
    const active = options[index];
    if (active) {
      this.#input.setAttribute('aria-activedescendant', active.id);
      active.scrollIntoView({ block: 'nearest' });
    } else {
      this.#input.removeAttribute('aria-activedescendant');
    }
  }

  #onKey(event: KeyboardEvent) {
    const options = this.#options;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.#open(true);
      if (options.length === 0) return;
      const last = options.length - 1;
      if (event.key === 'ArrowDown') this.#setActive(this.#active >= last ? 0 : this.#active + 1);
      else this.#setActive(this.#active <= 0 ? last : this.#active - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = options[this.#active] ?? options[0];
      this.#flush();
      if (chosen) location.assign(chosen.href);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (this.#input.value !== '') {
        this.#input.value = '';
        void this.#update();
      } else {
        this.#open(false);
      }
    }
  }

  #onShortcut(event: KeyboardEvent) {
    const mac = /Mac|iPhone|iPad/.test(navigator.userAgent);
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey;
    const commandK = event.key.toLowerCase() === 'k' && (mac ? event.metaKey : event.ctrlKey) && !event.altKey;
    if ((!slash && !commandK) || event.defaultPrevented || typingIn(event.target)) return;
    event.preventDefault();
    this.#input.focus();
    this.#input.select();
  }

  // Keeps the query in the address bar, so Back and Forward come back to it. Browsers refuse
  // more than about a hundred replaceState calls in ten seconds, so a pause in typing writes it,
  // as does leaving the page.
  #remember(query: string) {
    this.#pending = query;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#flush(), 250);
  }

  #flush() {
    clearTimeout(this.#timer);
    if (this.#pending === undefined) return;
    const url = new URL(location.href);
    if (this.#pending === '') url.searchParams.delete('q');
    else url.searchParams.set('q', this.#pending);
    this.#pending = undefined;
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.matches('input, textarea, select');
}

customElements.define('site-search', SiteSearch);
