import type { EventRule, Policy } from './policy';

/*
 * What every generated hook says of itself at its top, whatever the language: what the policy
 * covers, the limits of any audit hook, and the denials that reach further than their own
 * operation. Each writer wraps these lines in its own comment or docstring.
 */

/** Where a generated hook's text can say where it came from and what it covers. */
export interface HookContext {
  /** The versions in words: `3.11 to 3.13`. */
  versions: string;
  /** The address of this policy on the site, to rebuild or share it. */
  url: string;
  /** Each category's title, by name. */
  titles: Readonly<Record<string, string>>;
  /** The page of the native-memory category, whose events can remove a hook. */
  nativeMemory?: string;
}

/** The events whose denial reaches further than their own operation, and what the hook and the builder say of it. */
export const CAVEATS: Readonly<Record<string, string>> = {
  open:
    'denying open also stops imports that read source or bytecode files, and any module that opens a file as it loads; the hook makes no exception for them: to keep imports working, deny unless the folders of sys.path are allowed',
  import:
    'denying import stops every import statement after the hook is installed, the standard library included; the hook makes no exception: import what the program needs first, or deny unless those modules are allowed',
  compile: 'denying compile also stops imports of modules without bytecode, eval() and exec() of strings; the hook makes no exception for them',
  exec: 'denying exec also stops every import, as a module runs through exec; the hook makes no exception for them',
  'os.listdir': 'denying os.listdir also stops the import system from reading its path entries; the hook makes no exception: deny unless the folders of sys.path are allowed',
  'cpython._PySys_ClearAuditHooks': 'an exception raised at interpreter shutdown stops nothing: the hook raises as for any denial, and CPython clears the error, and the hooks, regardless',
};

/** The lines a hook's leading text says of its policy: what it covers, its limits, and the caveats of its denials (empty when none). */
export function hookSummary(policy: Policy, rules: readonly EventRule[], context: HookContext): { covered: string[]; limits: string[]; caveats: string[] } {
  const covered = (action: string) =>
    [
      ...Object.keys(policy.categories)
        .filter((name) => policy.categories[name] === action)
        .sort()
        .map((name) => `${name} (${context.titles[name] ?? name})`),
      ...Object.keys(policy.events)
        .filter((name) => policy.events[name] === action)
        .sort(),
    ].join(', ');
  const lines = (action: string, label: string) => (covered(action) ? [`  ${label}: ${covered(action)}`] : []);
  const caveats = rules.filter((rule) => rule.action !== 'log' && CAVEATS[rule.event]).map((rule) => `  - ${rule.event}: ${CAVEATS[rule.event]}.`);
  return {
    covered: [
      'What it covers:',
      ...lines('deny', policy.reportOnly ? 'would deny (report only)' : 'deny'),
      ...lines('unless', policy.reportOnly ? 'would deny unless allowed (report only)' : 'deny unless allowed'),
      ...lines('log', 'log'),
      ...(rules.length === 0 ? ['  nothing: no category or event is chosen.'] : []),
    ],
    limits: [
      'Its limits: an audit hook sees only what CPython raises an event for. Code that reaches native',
      'memory (ctypes.dlopen, ctypes.dlsym, ctypes.memmove and the native-memory category) can remove',
      'or bypass any hook, so a policy meant to contain code should deny those events too. Each event',
      'is read by the length of its args tuple; a length none of the chosen versions gives is logged,',
      'and denied only where the policy denies the event.',
      // The address is the site's own; quotes and backslashes could still end a docstring.
      ...(context.nativeMemory ? [`The events that can remove a hook: ${context.nativeMemory.replace(/["\\]/g, '')}`] : []),
    ],
    caveats: caveats.length > 0 ? ['Denials that reach further than their own operation:', ...caveats] : [],
  };
}
