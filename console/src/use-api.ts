/**
 * Reading the API from a page: the answer, the error in French, and a reload; with `everyMs`, read
 * again on that period (the live séance page), keeping the last answer while a read fails.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { call, Refused, Unreachable } from './api.ts';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly reload: () => void;
}

export function useApi<T>(path: string | undefined, everyMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (!path) return;
    let live = true;
    const read = () =>
      call<T>('GET', path).then(
        (answer) => live && (setData(answer), setError(undefined)),
        (failure: unknown) => live && setError(describe(failure)),
      );
    void read();
    const timer = everyMs ? setInterval(read, everyMs) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [path, everyMs, tick]);
  return { data, error, reload };
}

/** An error as a person reads it. */
export function describe(failure: unknown): string {
  if (failure instanceof Unreachable) return "L'API ne répond pas : la connexion est peut-être coupée.";
  if (failure instanceof Refused) {
    if (failure.status === 401) return 'Votre session a expiré : reconnectez-vous.';
    if (failure.status === 403) return "Votre jeton n'a pas accès à cette collectivité ou à cette action.";
    if (failure.status === 404) return 'Introuvable.';
    return failure.message;
  }
  return String(failure);
}
