/**
 * The hub's hot path: one upstream frame to every client that wants part of it. Kept apart from
 * the hub's connection and entitlement state because it runs per frame and is all about cost.
 */
import { underlyingOfContract } from './flow.js';
import { elementTopic, wants, type FrameElement } from './frame.js';
import type { HubClient } from './ws-hub.js';

export class FanOut {
  private readonly underlyings = new Map<string, string>();
  private readonly localPicks = new Map<HubClient, number[]>();

  /**
   * Sends each client the elements it asked for. A client wanting all of them gets the upstream
   * text untouched; clients wanting the same subset share one serialisation.
   */
  deliver(clients: ReadonlySet<HubClient>, text: string, elements: readonly FrameElement[]): void {
    if (clients.size === 0) return;
    // In-process clients take the parsed objects themselves and check them in place (which fills
    // omitted fields), so they are served last: every serialisation for the others is done by then.
    let local: HubClient[] | undefined;
    const evs: string[] = [];
    const topics: (string | undefined)[] = [];
    for (const el of elements) {
      evs.push(typeof el.ev === 'string' ? el.ev : '');
      topics.push(elementTopic(el));
    }
    let unders: (string | undefined)[] | undefined;
    const subsets = new Map<string, string>();
    for (const c of clients) {
      const flows = c.flows !== undefined && c.flows.size > 0 ? c.flows : undefined;
      if (c.topics.size === 0 && !flows) continue;
      // Worked out once per frame, and only when some client follows flow.
      if (flows)
        unders ??= elements.map((el, i) => (evs[i] === 'T' || evs[i] === 'Q' ? this.underlying(el.sym) : undefined));
      const picked: number[] = [];
      for (let i = 0; i < elements.length; i++) {
        const topic = topics[i];
        if (topic === undefined) continue;
        const u = flows ? unders![i] : undefined;
        if (wants(c.topics, evs[i]!, topic) || (u !== undefined && flows!.has(u))) picked.push(i);
      }
      if (picked.length === 0) continue;
      if (c.deliverElements) {
        local ??= [];
        local.push(c);
        this.localPicks.set(c, picked);
        continue;
      }
      if (picked.length === elements.length) {
        c.deliver(text);
        continue;
      }
      const key = picked.join(',');
      let out = subsets.get(key);
      if (out === undefined) {
        out = JSON.stringify(picked.map((i) => elements[i]));
        subsets.set(key, out);
      }
      c.deliver(out);
    }
    for (const c of local ?? []) {
      const picked = this.localPicks.get(c) as number[];
      c.deliverElements?.(
        picked.length === elements.length ? elements : picked.map((i) => elements[i] as FrameElement),
      );
    }
    this.localPicks.clear();
  }

  /** Contract → underlying, memoised: the same few hundred contracts trade all day. */
  private underlying(sym: unknown): string | undefined {
    if (typeof sym !== 'string') return undefined;
    let u = this.underlyings.get(sym);
    if (u === undefined) {
      if (this.underlyings.size >= 100_000) this.underlyings.clear();
      u = underlyingOfContract(sym) ?? '';
      this.underlyings.set(sym, u);
    }
    return u === '' ? undefined : u;
  }
}
