import { useState } from 'react';
import { useHydrated } from './prerender.ts';

const KEY = 'opf.theme';
const DARK_CLASS = 'pf-v6-theme-dark';
export type Theme = 'light' | 'dark';

function storedTheme(): Theme {
  try {
    return localStorage.getItem(KEY) === 'dark' ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}

function apply(theme: Theme): void {
  document.documentElement.classList.toggle(DARK_CLASS, theme === 'dark');
}

/** Before the first render, so the page never flashes the other theme. */
export function applyStoredTheme(): void {
  apply(storedTheme());
}

export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  // The server knows no stored choice: light until hydrated (the page's class is already right).
  const hydrated = useHydrated();
  return [
    hydrated ? theme : 'light',
    (next) => {
      try {
        localStorage.setItem(KEY, next);
      } catch {
        // storage refused (private mode): the choice lasts for this page only
      }
      apply(next);
      setTheme(next);
    },
  ];
}
