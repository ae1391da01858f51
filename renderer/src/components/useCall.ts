import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallInput, CallName, CallOutput } from '../../../electron/shared/contract';
import { ApiError, call } from '../api/client';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; value: T };

/** Runs one API call when its input changes; `reload` runs it again. */
export function useCall<N extends CallName>(name: N, input: CallInput<N>) {
  const key = JSON.stringify(input);
  const [loaded, setLoaded] = useState<Loaded<CallOutput<N>>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const lastKey = useRef(key);
  useEffect(() => {
    let live = true;
    // A reload of the same call keeps showing the current data until the new answer arrives.
    if (lastKey.current !== key) setLoaded({ state: 'loading' });
    lastKey.current = key;
    call(name, JSON.parse(key) as CallInput<N>).then(
      (value) => live && setLoaded({ state: 'ready', value }),
      (e: unknown) => live && setLoaded({ state: 'error', error: e instanceof ApiError ? e : new ApiError({ code: 'internal', message: { 'zh-CN': String(e), en: String(e) } }) }),
    );
    return () => {
      live = false;
    };
  }, [name, key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return [loaded, reload] as const;
}
