import { useState } from 'react';
import { useHydrated } from './prerender.ts';

import { applyTheme, storedTheme, THEME_KEY, type Theme } from './stored-theme.ts';

export { applyStoredTheme, type Theme } from './stored-theme.ts';

export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  // The server knows no stored choice: light until hydrated (the page's class is already right).
  const hydrated = useHydrated();
  return [
    hydrated ? theme : 'light',
    (next) => {
      try {
        localStorage.setItem(THEME_KEY, next);
      } catch {
        // storage refused (private mode): the choice lasts for this page only
      }
      applyTheme(next);
      setTheme(next);
    },
  ];
}
