import { ACTIONS, emptyPolicy, LIST_KINDS, LIST_OF_CATEGORY, listOf, parsePolicy, type Action, type EventRule, type Policy } from '../../lib/hooks/policy';
// Module by module, not through lib/hooks/index.ts: the C writer must stay out of this chunk.
import { CAVEATS, type HookContext } from '../../lib/hooks/summary';
import { planHooks, sentence, tryCode, unpackBuilderData, versionsInWords, type Builder, type BuilderData } from '../../lib/hooks/data';

const ACTION_LABEL: Record<Action, string> = { log: 'Log', deny: 'Deny', unless: 'Deny unless allowed' };
const STATUS_WORD: Record<Action, string> = { deny: 'denied', unless: 'denied unless allowed', log: 'logged' };

/**
 * The hook builder's form: every change rewrites the hooks and the address (`?deny=process&…`),
 * and an address opened later rebuilds the same form. The events' data comes from the page's
 * `data-source` once, when the element connects.
 */
class HookBuilderElement extends HTMLElement {
  #builder: Builder | undefined;
  #downloads = new Map<string, string>();
  // Each render's number: a writer that loads after a newer render has begun writes nothing.
  #generation = 0;

  #get<T extends HTMLElement>(selector: string): T {
    return this.querySelector(selector) as T;
  }

  #all<T extends HTMLElement>(selector: string): T[] {
    return [...this.querySelectorAll<T>(selector)];
  }

  async connectedCallback() {
    this.#get('[data-needs-js]').hidden = true;
    for (const element of this.#all('[data-with-js]')) element.hidden = false;
    const summary = this.#get('[data-summary]');
    try {
      const response = await fetch(this.dataset['source'] ?? '');
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      this.#builder = unpackBuilderData((await response.json()) as BuilderData);
    } catch (error) {
      summary.textContent = `The events could not be loaded (${(error as Error).message}): the ready hooks below still work.`;
      return;
    }
    const names = this.#get('datalist');
    names.replaceChildren(...this.#builder.events.map((event) => Object.assign(document.createElement('option'), { value: event.name })));
    this.#fill(this.#parse(location.search));
    const form = this.#get<HTMLFormElement>('form');
    form.addEventListener('change', () => this.#render());
    form.addEventListener('input', (event) => {
      if ((event.target as HTMLElement).matches('textarea')) this.#render();
    });
    form.addEventListener('submit', (event) => event.preventDefault());
    this.#get('[data-all-versions]').addEventListener('click', () => {
      for (const box of this.#all<HTMLInputElement>('input[name=version]')) box.checked = true;
      this.#render();
    });
    this.#get('[data-add-event]').addEventListener('click', () => this.#addEvent());
    this.#get('[data-c-output]').addEventListener('toggle', () => this.#render());
    this.#get('#event-name').addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Enter') {
        event.preventDefault();
        this.#addEvent();
      }
    });
    this.#render();
  }

  #parse(query: string): Policy {
    const builder = this.#builder as Builder;
    return parsePolicy(query, builder.versions, new Set(Object.keys(builder.titles)), new Set(builder.events.map((event) => event.name)));
  }

  // The form shows the policy.
  #fill(policy: Policy) {
    for (const radio of this.#all<HTMLInputElement>('input[name=purpose]')) radio.checked = radio.value === policy.purpose;
    for (const box of this.#all<HTMLInputElement>('input[name=version]')) box.checked = policy.versions.includes(box.value);
    for (const select of this.#all<HTMLSelectElement>('[data-category]')) select.value = policy.categories[select.dataset['category'] ?? ''] ?? '';
    this.#get('[data-chosen-events]').replaceChildren(...Object.entries(policy.events).map(([name, action]) => this.#eventItem(name, action)));
    for (const kind of LIST_KINDS) this.#get<HTMLTextAreaElement>(`[data-allow=${kind}]`).value = policy.allow[kind].join('\n');
    this.#get<HTMLInputElement>('[data-report-only]').checked = policy.reportOnly;
    for (const radio of this.#all<HTMLInputElement>('input[name=output]')) radio.checked = radio.value === policy.output;
  }

  // The policy the form shows.
  #read(): Policy {
    const builder = this.#builder as Builder;
    const chosen = new Set(this.#all<HTMLInputElement>('input[name=version]:checked').map((box) => box.value));
    const policy = emptyPolicy(builder.versions.filter((version) => chosen.has(version)));
    policy.purpose = this.#all<HTMLInputElement>('input[name=purpose]').find((radio) => radio.checked)?.value === 'contain' ? 'contain' : 'guard';
    for (const select of this.#all<HTMLSelectElement>('[data-category]')) {
      if (select.value) policy.categories[select.dataset['category'] ?? ''] = select.value as Action;
    }
    for (const item of this.#all<HTMLElement>('[data-chosen-events] [data-event]')) {
      policy.events[item.dataset['event'] ?? ''] = item.querySelector('select')?.value as Action;
    }
    for (const kind of LIST_KINDS) {
      policy.allow[kind] = this.#get<HTMLTextAreaElement>(`[data-allow=${kind}]`).value.split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => line.trim() !== '');
    }
    policy.reportOnly = this.#get<HTMLInputElement>('[data-report-only]').checked;
    policy.output = this.#all<HTMLInputElement>('input[name=output]').find((radio) => radio.checked)?.value === 'logging' ? 'logging' : 'stderr';
    return policy;
  }

  #eventItem(name: string, action: Action): HTMLLIElement {
    const item = document.createElement('li');
    item.dataset['event'] = name;
    item.className = 'flex flex-wrap items-center gap-2';
    const id = `event-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.className = 'font-mono';
    label.textContent = name;
    const select = document.createElement('select');
    select.id = id;
    select.className = 'rounded border border-line bg-page px-1 py-0.5';
    for (const value of ACTIONS) select.append(Object.assign(document.createElement('option'), { value, textContent: ACTION_LABEL[value], selected: value === action }));
    const page = document.createElement('a');
    page.href = `${this.dataset['events'] ?? ''}${name.split('/').map(encodeURIComponent).join('/')}/`;
    page.className = 'text-sm';
    page.textContent = 'its page';
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'rounded border border-line px-2 py-0.5 text-sm';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove ${name}`);
    remove.addEventListener('click', () => {
      // Focus stays in the list: on the next event's button, or the field to add one.
      const next = item.nextElementSibling?.querySelector('button') ?? item.previousElementSibling?.querySelector('button') ?? this.#get('#event-name');
      item.remove();
      next.focus();
      this.#render();
    });
    const caveat = CAVEATS[name];
    item.append(label, select, page, remove);
    if (caveat) {
      const note = document.createElement('p');
      note.dataset['caveat'] = '';
      note.className = 'w-full border-l-4 border-focus pl-2 text-sm';
      note.textContent = sentence(caveat);
      item.append(note);
    }
    return item;
  }

  #addEvent() {
    const builder = this.#builder as Builder;
    const input = this.#get<HTMLInputElement>('#event-name');
    const status = this.#get('[data-event-status]');
    const name = input.value.trim();
    if (!builder.events.some((event) => event.name === name)) {
      status.textContent = name ? `No event is called “${name}”: pick one from the list.` : 'Type an event’s name first.';
      return;
    }
    const action = this.#get<HTMLSelectElement>('#event-action').value as Action;
    const held = this.#get(`[data-chosen-events]`);
    const existing = this.#all<HTMLElement>('[data-chosen-events] [data-event]').find((item) => item.dataset['event'] === name);
    if (existing) existing.replaceWith(this.#eventItem(name, action));
    else held.append(this.#eventItem(name, action));
    input.value = '';
    status.textContent = `${name}: ${ACTION_LABEL[action].toLowerCase()}.`;
    this.#render();
  }

  // Rewrites the hooks, the address, what the form shows of the choice, and the warnings.
  #render() {
    const builder = this.#builder;
    if (!builder) return;
    const policy = this.#read();
    const page = new URL(location.pathname, location.href).href;
    const { rules, query, context } = planHooks(builder, policy, page);
    // The address is the policy, to share; one entry of history, not one per keystroke.
    history.replaceState(history.state, '', query ? `?${query}` : location.pathname);
    const generation = ++this.#generation;
    // Before anything is covered there is no hook to show, and the writers stay unloaded.
    this.#get('[data-output]').hidden = rules.length === 0;
    if (rules.length > 0) void this.#writePython(generation, policy, rules, context);
    else this.#get('#hook-python').textContent = '';
    this.#get('[data-no-version]').hidden = policy.versions.length > 0;

    // Allow-lists show where a rule uses them.
    const used = new Set(rules.flatMap((rule) => listOf(rule) ?? []));
    for (const kind of LIST_KINDS) this.#get(`[data-list=${kind}]`).hidden = !used.has(kind);
    this.#get('[data-no-lists]').hidden = used.size > 0;
    // A category's caveats show while it denies.
    for (const row of this.#all<HTMLElement>('[data-category-row]')) {
      const action = policy.categories[row.dataset['categoryRow'] ?? ''];
      for (const note of row.querySelectorAll<HTMLElement>('[data-caveat]')) note.hidden = action !== 'deny' && action !== 'unless';
    }
    for (const item of this.#all<HTMLElement>('[data-chosen-events] [data-event]')) {
      const note = item.querySelector<HTMLElement>('[data-caveat]');
      if (note) note.hidden = item.querySelector('select')?.value === 'log';
    }
    this.#summarise(policy, rules);
  }

  // The Python writer holds the hook's fixed part (policy.py): it loads with the first policy that
  // covers something, and the C writer, as big, when the visitor opens its output.
  async #writePython(generation: number, policy: Policy, rules: readonly EventRule[], context: HookContext) {
    const { pythonHook } = await import('../../lib/hooks/python');
    if (generation !== this.#generation) return;
    const python = pythonHook(policy, rules, context);
    this.#get('#hook-python').textContent = python;
    this.#download('python', python, 'text/x-python');
    const code = tryCode(this.#builder as Builder, policy);
    this.#get<HTMLAnchorElement>('[data-try-hook]').href = `${this.dataset['try'] ?? ''}#${new URLSearchParams({ hook: python, ...(code ? { code } : {}) })}`;
    const details = this.#get<HTMLDetailsElement>('[data-c-output]');
    if (!details.open) return;
    const { cHook } = await import('../../lib/hooks/c');
    if (generation !== this.#generation) return;
    const c = cHook(policy, rules, context);
    this.#get('#hook-c').textContent = c;
    this.#download('c', c, 'text/x-csrc');
  }

  #summarise(policy: Policy, rules: readonly EventRule[]) {
    const builder = this.#builder as Builder;
    const counts = ACTIONS.map((action) => [action, rules.filter((rule) => rule.action === action).length] as const).filter(([, count]) => count > 0);
    const versions = policy.versions.length === builder.versions.length ? 'every version' : `Python ${versionsInWords(policy.versions, builder.versions)}`;
    this.#get('[data-summary]').textContent =
      rules.length === 0
        ? `Nothing covered yet: choose an action for a category or an event, and the hook for ${versions} appears below.`
        : `${rules.length} ${rules.length === 1 ? 'event' : 'events'} in ${versions}: ${counts.map(([action, count]) => `${count} ${STATUS_WORD[action]}`).join(', ')}${policy.reportOnly ? ' (report only: nothing is denied, what would be is logged)' : ''}.`;
    const warnings: string[] = [];
    const denies = rules.some((rule) => rule.action !== 'log');
    if (denies && policy.purpose === 'guard' && !policy.reportOnly) {
      warnings.push('This hook guards code you trust: code that reaches native memory (ctypes) can remove any hook, and code that works to get past it can. To contain code you do not trust, choose that purpose, and prefer the C hook.');
    }
    if (policy.purpose === 'contain' && policy.output === 'logging') {
      warnings.push("To contain code, reports go to the standard error the hook started with, not to logging: the program's own code would run the handlers.");
    }
    for (const [name, action] of Object.entries(policy.categories)) {
      if (action === 'unless' && !LIST_OF_CATEGORY[name]) warnings.push(`${builder.titles[name] ?? name} has no allow-list: its events are denied.`);
    }
    for (const [name, action] of Object.entries(policy.events)) {
      const rule = rules.find((candidate) => candidate.event === name);
      if (action === 'unless' && rule?.action === 'deny') warnings.push(`${name} is in no category with an allow-list: it is denied.`);
    }
    this.#get('[data-warnings]').replaceChildren(
      ...warnings.map((text) => {
        const item = document.createElement('li');
        item.className = 'border-l-4 border-focus pl-2';
        item.textContent = text;
        return item;
      }),
    );
  }

  #download(kind: string, text: string, type: string) {
    const old = this.#downloads.get(kind);
    if (old) URL.revokeObjectURL(old);
    const url = URL.createObjectURL(new Blob([text], { type }));
    this.#downloads.set(kind, url);
    this.#get<HTMLAnchorElement>(`[data-download=${kind}]`).href = url;
  }
}

customElements.define('hook-builder', HookBuilderElement);
