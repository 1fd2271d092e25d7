import { useEffect, useRef } from 'react';

/**
 * Calls `ring` once for each alert id not seen before. Alerts present at the first render ring
 * too: they fired while the screen was starting and nobody has heard them yet.
 */
export function useBell(alerts: readonly { readonly id: string }[] | undefined, ring: () => void): void {
  const seen = useRef(new Set<string>());
  useEffect(() => {
    let fresh = false;
    for (const a of alerts ?? []) {
      if (seen.current.has(a.id)) continue;
      seen.current.add(a.id);
      fresh = true;
    }
    // One bell per frame however many fired together: a burst of beeps says nothing more.
    if (fresh) ring();
  }, [alerts, ring]);
}
