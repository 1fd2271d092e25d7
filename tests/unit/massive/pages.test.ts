import { describe, expect, it } from 'vitest';
import { nextPageUrl, pageIdentity, readPages } from '../../../src/massive/pages.js';
import { refusalReason } from '../../../src/massive/rest-refusal.js';

/** Pages keyed by what is asked; each names the next one (or not). */
function server(pages: Record<string, string | undefined>) {
  const asked: string[] = [];
  const fetchPage = async (p: string) => {
    asked.push(p);
    if (!(p in pages)) throw new Error(`no page ${p}`);
    return { results: [p], ...(pages[p] === undefined ? {} : { next_url: pages[p] }) };
  };
  return { asked, fetchPage };
}

describe('following next_url', () => {
  it.each<[string, Record<string, string | undefined>, number, string[], string]>([
    ['one page', { '/a': undefined }, 5, ['/a'], 'end'],
    [
      'three pages, absolute links on another host',
      {
        '/a': 'https://api.massive.com/a?cursor=1',
        'https://api.massive.com/a?cursor=1': 'https://api.massive.com/a?cursor=2',
        'https://api.massive.com/a?cursor=2': undefined,
      },
      5,
      ['/a', 'https://api.massive.com/a?cursor=1', 'https://api.massive.com/a?cursor=2'],
      'end',
    ],
    [
      'the cap',
      { '/a': '/a?cursor=1', '/a?cursor=1': '/a?cursor=2', '/a?cursor=2': undefined },
      2,
      ['/a', '/a?cursor=1'],
      'cap',
    ],
    [
      'a repeated cursor',
      { '/a': 'http://proxy:1/a?cursor=x', 'http://proxy:1/a?cursor=x': 'https://api.massive.com/a?cursor=x' },
      9,
      ['/a', 'http://proxy:1/a?cursor=x'],
      'repeat',
    ],
    ['a link back to the first page', { '/a': 'https://h/a' }, 9, ['/a'], 'repeat'],
    ['an empty next_url', { '/a': '' }, 9, ['/a'], 'end'],
    ['a cap below one reads one page', { '/a': '/b', '/b': undefined }, 0, ['/a'], 'cap'],
  ])('%s', async (_name, pages, maxPages, asked, stop) => {
    const s = server(pages);
    const bodies: unknown[] = [];
    const read = await readPages(s.fetchPage, '/a', { maxPages, onPage: (b) => void bodies.push(b) });
    expect(s.asked).toEqual(asked);
    expect(read).toEqual({ pages: asked.length, stop });
    expect(bodies).toHaveLength(asked.length);
  });

  it('stops when the caller has enough', async () => {
    const s = server({ '/a': '/b', '/b': '/c', '/c': undefined });
    expect(await readPages(s.fetchPage, '/a', { maxPages: 9, onPage: (_b, i) => i === 1 })).toEqual({
      pages: 2,
      stop: 'enough',
    });
  });

  it('rejects with the failing page, after handing over the ones before it', async () => {
    const s = server({ '/a': '/missing' });
    const seen: unknown[] = [];
    await expect(readPages(s.fetchPage, '/a', { maxPages: 9, onPage: (b) => void seen.push(b) })).rejects.toThrow(
      'no page /missing',
    );
    expect(seen).toHaveLength(1);
  });

  it.each<[unknown, string | undefined]>([
    [{ next_url: 'https://x/y?cursor=1' }, 'https://x/y?cursor=1'],
    [{ next_url: 5 }, undefined],
    [[{ next_url: 'x' }], undefined],
    [null, undefined],
  ])('reads the next link of %j', (body, link) => {
    expect(nextPageUrl(body)).toBe(link);
  });

  it.each([
    ['https://api.massive.com/v3/x?cursor=1', '/v3/x?cursor=1'],
    ['http://127.0.0.1:9/v3/x?cursor=1', '/v3/x?cursor=1'],
    ['/v3/x?cursor=1', '/v3/x?cursor=1'],
  ])('identifies %s by its path and query', (link, id) => {
    expect(pageIdentity(link)).toBe(id);
  });
});

describe('what a 403 means', () => {
  it.each([
    [
      'GET /v3/snapshot failed with HTTP 403: You are not entitled to this data. Please upgrade your plan at https://massive.com/pricing',
      'not-entitled',
    ],
    [
      "GET /v2/aggs failed with HTTP 403: Attempted to request today's data before end of day. Please upgrade your plan at https://polygon.io/pricing",
      'before-eod',
    ],
    [
      "Your plan doesn't include this data timeframe. Please upgrade your plan at https://polygon.io/pricing",
      'timeframe',
    ],
    ['forbidden', 'not-entitled'],
    [undefined, 'not-entitled'],
  ])('%s → %s', (message, reason) => {
    expect(refusalReason(message)).toBe(reason);
  });
});
