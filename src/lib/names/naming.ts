/** The module an event belongs to: the part of its name before the first dot. */
export function moduleOf(eventName: string): string {
  const dot = eventName.indexOf('.');
  // Events named without a module (`open`, `exec`, `compile`) are raised by built-in functions.
  return dot === -1 ? 'builtins' : eventName.slice(0, dot);
}

/** A one-line description of a module, as shown on its page and in the module index. */
export function describeModule(module: string): string {
  switch (module) {
    case 'cpython':
      return 'Interpreter internals: events raised by the CPython runtime itself rather than by a module you import.';
    case 'builtins':
      return 'Built-in functions. Events named without a module, such as open, exec and compile, belong here too.';
    default:
      return `Events raised by the ${module} module of the standard library.`;
  }
}

/** A short label for a module where space is tight (jump lists, headings). */
export function moduleLabel(module: string): string {
  return module === 'cpython' ? 'cpython (interpreter internals)' : module;
}

/** The path of an event's page, relative to the site's base: the event name as it is. */
export function eventPath(name: string): string {
  return `events/${encodeSegments(name)}/`;
}

/** The path of the page of an event's raise sites in every scanned release, relative to the site's base. */
export function sitesPath(name: string): string {
  return `sites/${encodeSegments(name)}/`;
}

/** The path of an argument's page, relative to the site's base. */
export function argumentPath(arg: string): string {
  return `arguments/${encodeURIComponent(arg)}/`;
}

/** The path of a module's page, relative to the site's base. */
export function modulePath(module: string): string {
  return `modules/${encodeURIComponent(module)}/`;
}

/** The path of a version's table page, relative to the site's base. */
export function versionPath(version: string): string {
  return `versions/${encodeURIComponent(version)}/`;
}

/** The path of the page of what a hook sees as a version starts, relative to the site's base. */
export function startupPath(version: string): string {
  return `startup/${encodeURIComponent(version)}/`;
}

/** The path of a traced API's page, relative to the site's base: the dotted name as it is. */
export function apiPath(name: string): string {
  return `apis/${encodeURIComponent(name)}/`;
}

/** The path of a category's page, relative to the site's base. */
export function categoryPath(name: string): string {
  return `categories/${encodeURIComponent(name)}/`;
}

/** The path of a version's table narrowed to one category, relative to the site's base. */
export function versionCategoryPath(version: string, category: string): string {
  return `${versionPath(version)}${encodeURIComponent(category)}/`;
}

/** Joins a base path (`/` or `/audit-events/`) and a site path without doubling slashes. */
export function withBase(base: string, path: string): string {
  const head = base.endsWith('/') ? base : `${base}/`;
  return head + path.replace(/^\/+/, '');
}

// Keeps the `/` in names like `builtins.input/result` so the URL reads as the name does.
function encodeSegments(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}
