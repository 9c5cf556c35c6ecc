import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api.ts';
import { usePrerendered } from './prerender.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * GET a path and follow it as it changes; the latest answer wins. On a page the server
 * rendered, the first answer is the one it embedded (shared/prerender.ts): no request then.
 */
export function useApi<T>(path: string | undefined): Loaded<T> {
  const prerendered = usePrerendered(path);
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>(() =>
    prerendered ? { data: prerendered.data as T, loading: false } : { loading: path !== undefined },
  );
  // The path whose answer came with the page: its first effect has nothing to fetch.
  const seeded = useRef(prerendered ? path : undefined);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  useEffect(() => {
    if (path === undefined) return;
    if (seeded.current !== undefined) {
      const fromPage = seeded.current === path && round === 0;
      seeded.current = undefined;
      if (fromPage) return;
    }
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    api.get<T>(path).then(
      (data) => current && setState({ data, loading: false }),
      (error: Error) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [path, round]);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
