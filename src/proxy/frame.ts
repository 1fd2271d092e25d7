/**
 * The little the proxy needs to know about upstream frames: which topic each element belongs to.
 * Frames are forwarded as the upstream sent them, so this reads raw JSON rather than the
 * validated events of massive/parse-frame (which normalises timestamps).
 */
export interface FrameElement {
  readonly ev?: unknown;
  readonly sym?: unknown;
  readonly T?: unknown;
  readonly status?: unknown;
  readonly message?: unknown;
}

/** `T.AAPL` for a trade, `V.I:SPX` for an index value; undefined when the element has no topic. */
export function elementTopic(el: FrameElement): string | undefined {
  if (typeof el.ev !== 'string') return undefined;
  const sym = typeof el.sym === 'string' ? el.sym : typeof el.T === 'string' ? el.T : undefined;
  return sym === undefined ? undefined : `${el.ev}.${sym}`;
}

/** True when a client holding `topics` wants an element on `topic` (exact or `CH.*`). */
export function wants(topics: ReadonlySet<string>, ev: string, topic: string): boolean {
  return topics.has(topic) || topics.has(`${ev}.*`);
}

/** Parses a server frame into its elements; undefined when it is not a JSON array. */
export function parseElements(text: string): FrameElement[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is FrameElement => typeof v === 'object' && v !== null);
}
