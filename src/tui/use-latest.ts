// Latest-position-wins: the heavy panels follow `value` one macrotask late, so a burst of keys draws once.
import { useEffect, useState } from 'react';

// `value`, updated after the pending input has been handled; a newer value cancels the older update.
export function useLatest<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return undefined;
    const timer = setImmediate(() => setShown(value));
    return () => clearImmediate(timer);
  }, [value, shown]);
  return shown;
}
