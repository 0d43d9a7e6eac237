// Runs in <head> before the first paint: a theme the visitor chose wins over the system setting.
try {
  const theme = localStorage.getItem('theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {
  // Storage can be blocked; the system setting then decides.
}
