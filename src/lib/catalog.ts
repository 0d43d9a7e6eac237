import type { AuditEvent } from './parse-table';

/** The events of one module, in table order. */
export interface ModuleGroup<E extends AuditEvent = AuditEvent> {
  name: string;
  events: E[];
}

/** One event that carries an argument, and where in its `args` tuple. */
export interface ArgumentUse<E extends AuditEvent = AuditEvent> {
  event: E;
  position: number;
}

/** An argument name and every event that carries it, in table order. */
export interface ArgumentGroup<E extends AuditEvent = AuditEvent> {
  name: string;
  uses: ArgumentUse<E>[];
}

/** The events of the table and the views the site shows of them. */
export interface Catalog<E extends AuditEvent = AuditEvent> {
  events: E[];
  modules: ModuleGroup<E>[];
  arguments: ArgumentGroup<E>[];
}

/** Groups the table's events by module and by argument, keeping table order inside each group. */
export function buildCatalog<E extends AuditEvent>(events: E[]): Catalog<E> {
  const modules = new Map<string, ModuleGroup<E>>();
  const args = new Map<string, ArgumentGroup<E>>();
  for (const event of events) {
    const group = modules.get(event.module) ?? { name: event.module, events: [] };
    group.events.push(event);
    modules.set(event.module, group);
    event.args.forEach((name, position) => {
      const uses = args.get(name) ?? { name, uses: [] };
      uses.uses.push({ event, position });
      args.set(name, uses);
    });
  }
  return {
    events,
    // Modules in the order the table first names them, which is alphabetical in CPython's table.
    modules: [...modules.values()],
    arguments: [...args.values()].sort((a, b) => a.name.localeCompare(b.name, 'en')),
  };
}

/** The events before and after `event` in table order. */
export function neighbours<E extends AuditEvent>(catalog: Catalog<E>, event: E): { previous: E | undefined; next: E | undefined } {
  const index = catalog.events.indexOf(event);
  return { previous: catalog.events[index - 1], next: catalog.events[index + 1] };
}

/** For each argument of `event`, the other events that carry an argument of that name. */
export function sharedArguments<E extends AuditEvent>(catalog: Catalog<E>, event: E): ArgumentGroup<E>[] {
  return event.args.flatMap((name) => {
    const uses = catalog.arguments.find((group) => group.name === name)?.uses ?? [];
    const others = uses.filter((use) => use.event !== event);
    return others.length > 0 ? [{ name, uses: others }] : [];
  });
}

/** The other events of the module `event` belongs to. */
export function moduleSiblings<E extends AuditEvent>(catalog: Catalog<E>, event: E): E[] {
  const group = catalog.modules.find((module) => module.name === event.module);
  return (group?.events ?? []).filter((other) => other !== event);
}
