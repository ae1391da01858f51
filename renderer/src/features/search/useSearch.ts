import { useEffect, useRef, useState } from 'react';
import type { SearchResult } from '../../../../electron/shared/calls/search';
import { ApiError, call } from '../../api/client';

export const DEBOUNCE_MS = 80;
const LIMIT = 8;

export type SearchState =
  | { state: 'idle' }
  | { state: 'pending'; previous?: SearchResult }
  | { state: 'ready'; result: SearchResult }
  | { state: 'error'; error: ApiError };

/**
 * Searches as the query changes, from the first character: waits DEBOUNCE_MS for typing to pause,
 * and drops any answer that arrives after a newer query was sent.
 */
export function useSearch(query: string): SearchState {
  const [state, setState] = useState<SearchState>({ state: 'idle' });
  const latest = useRef(0);
  useEffect(() => {
    const id = ++latest.current;
    if (!query.trim()) {
      setState({ state: 'idle' });
      return;
    }
    setState((s) => ({ state: 'pending', previous: s.state === 'ready' ? s.result : s.state === 'pending' ? s.previous : undefined }));
    const timer = setTimeout(() => {
      call('search.query', { query: query.slice(0, 10_000), limit: LIMIT }).then(
        (result) => {
          if (id === latest.current) setState({ state: 'ready', result });
        },
        (e: unknown) => {
          if (id !== latest.current) return;
          setState({
            state: 'error',
            error: e instanceof ApiError ? e : new ApiError({ code: 'internal', message: { 'zh-CN': String(e), en: String(e) } }),
          });
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);
  return state;
}
