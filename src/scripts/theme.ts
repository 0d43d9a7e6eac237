/** A theme the visitor can choose; `system` follows the operating system's setting. */
export type Theme = 'system' | 'light' | 'dark';

const KEY = 'theme';

/** The theme the visitor chose last, or `system`. */
export function storedTheme(): Theme {
  try {
    const theme = localStorage.getItem(KEY);
    return theme === 'light' || theme === 'dark' ? theme : 'system';
  } catch {
    return 'system';
  }
}

/** Shows `theme` now and remembers it for the next page (the same key `theme-init.js` reads). */
export function applyTheme(value: string): void {
  const theme: Theme = value === 'light' || value === 'dark' ? value : 'system';
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
  try {
    if (theme === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    // Storage can be blocked: the choice then lasts for this page only.
  }
}
