import { useEffect, useState } from 'react';

/**
 * Re-renders every `intervalMs` (0 disables) and returns a counter. The age column reads the
 * wall clock during render, so without this a quiet symbol's "3s" would freeze until its next
 * update. This is the UI's only timer: it paints, it never fetches.
 */
export function useTick(intervalMs: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (intervalMs <= 0) return undefined;
    const timer = setInterval(() => setTick((t) => t + 1), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return tick;
}
