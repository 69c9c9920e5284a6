import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The analysis date lives in the URL (?asOf=YYYY-MM-DD) so a shared link shows the same figures. */
export function useAsOf(): [string | undefined, (asOf: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('asOf') ?? '';
  const asOf = DATE.test(raw) ? raw : undefined;
  const setAsOf = useCallback(
    (next: string | undefined) =>
      setParams(
        (prev) => {
          const p = new URLSearchParams(prev);
          if (next) p.set('asOf', next);
          else p.delete('asOf');
          return p;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [asOf, setAsOf];
}
