/**
 * One round of a poll request: its first page, whose budget slot the poller's timer already
 * took, then `next_url` pages up to the request's cap, each waiting for a slot of its own, so a
 * chain read that needs four pages costs four calls of the client's budget and never bursts past
 * it. Stops as soon as the caller has every ticker it wanted.
 */
import type { Clock } from '../lib/clock.js';
import { readPages, type PagesRead } from '../massive/pages.js';
import type { RestClient } from '../rest/index.js';
import { takeSlot } from './backfill.js';
import type { RestBudget } from './budget.js';
import type { PollRequest } from './poll-policy.js';

export interface RoundOptions {
  readonly rest: Pick<RestClient, 'get'>;
  readonly budget: RestBudget;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Called as each page is sent. */
  readonly onCall: () => void;
  /** Called with each page that answered; returns true when nothing more is wanted. */
  readonly onPage: (body: unknown) => boolean;
}

export async function readRound(req: PollRequest, sentAt: number, o: RoundOptions): Promise<PagesRead> {
  let sent = 0;
  const fetchPage = async (path: string): Promise<unknown> => {
    if (sent++ > 0) await takeSlot(o.budget, o.clock, o.signal, 'poll');
    o.onCall();
    const res = await o.rest.get(path, { signal: o.signal, retries: 0 });
    o.budget.observe(res.headers);
    return res.body;
  };
  return readPages(fetchPage, req.path(sentAt), { maxPages: req.maxPages, onPage: (body) => o.onPage(body) });
}
