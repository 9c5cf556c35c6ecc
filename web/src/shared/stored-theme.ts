// The stored theme without React: the boot entry (web/src/main.tsx) applies it before the
// first paint, and the theme toggle (theme.ts) changes it.

export const THEME_KEY = 'opf.theme';
const DARK_CLASS = 'pf-v6-theme-dark';
export type Theme = 'light' | 'dark';

export function storedTheme(): Theme {
  try {
    return localStorage.getItem(THEME_KEY) === 'dark' ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}

export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle(DARK_CLASS, theme === 'dark');
}

/** Before the first paint, so the page never flashes the other theme. */
export function applyStoredTheme(): void {
  applyTheme(storedTheme());
}
