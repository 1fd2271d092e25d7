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

// Topic names are looked up per element on the proxy's hot path (up to a million a second) and
// the same few hundred recur all day: remembering them saves building and hashing a new string
// per element. Bounded, as a hostile upstream could send endless symbols.
const TOPICS_MAX = 50_000;
const topicNames = new Map<string, Map<string, string>>();
const wildcards = new Map<string, string>();

/** `T.AAPL` for a trade, `V.I:SPX` for an index value; undefined when the element has no topic. */
export function elementTopic(el: FrameElement): string | undefined {
  const ev = el.ev;
  if (typeof ev !== 'string') return undefined;
  const sym = typeof el.sym === 'string' ? el.sym : typeof el.T === 'string' ? el.T : undefined;
  if (sym === undefined) return undefined;
  let bySym = topicNames.get(ev);
  if (bySym === undefined) {
    if (topicNames.size >= 100) topicNames.clear();
    bySym = new Map();
    topicNames.set(ev, bySym);
  }
  let topic = bySym.get(sym);
  if (topic === undefined) {
    if (bySym.size >= TOPICS_MAX) bySym.clear();
    topic = `${ev}.${sym}`;
    bySym.set(sym, topic);
  }
  return topic;
}

/** True when a client holding `topics` wants an element on `topic` (exact or `CH.*`). */
export function wants(topics: ReadonlySet<string>, ev: string, topic: string): boolean {
  if (topics.has(topic)) return true;
  let wildcard = wildcards.get(ev);
  if (wildcard === undefined) {
    if (wildcards.size >= 100) wildcards.clear();
    wildcard = `${ev}.*`;
    wildcards.set(ev, wildcard);
  }
  return topics.has(wildcard);
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
  // Upstream frames hold only objects: copy (dropping the rest) only when one is not.
  for (const v of value)
    if (typeof v !== 'object' || v === null)
      return value.filter((v): v is FrameElement => typeof v === 'object' && v !== null);
  return value as FrameElement[];
}
