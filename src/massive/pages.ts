/**
 * Following `next_url` (https://massive.com/docs/rest/quickstart.md, pagination): the link is
 * absolute, carries only an opaque `cursor` (the original filters are inside it, so nothing is
 * re-appended) and never the key. Its host may differ from the one called (api.polygon.io vs
 * api.massive.com, or a proxy that rewrote it), so two links are compared by path and query only.
 * A repeated cursor has been seen live on the option chain (polygon-io/issues#289): reading stops
 * there instead of looping. Network-free: the caller hands in how one page is fetched, so every
 * page can take a slot in whichever REST budget the caller keeps.
 */

/** Why reading stopped: no more pages, the page cap, a repeated link, or the caller had enough. */
export type PageStop = 'end' | 'cap' | 'repeat' | 'enough';

export interface ReadPagesOptions {
  /** Most pages read, the first one included (at least 1). */
  readonly maxPages: number;
  /**
   * Called with each page's body in order; returning true stops before the next page (the
   * caller found everything it wanted).
   */
  readonly onPage: (body: unknown, index: number) => boolean | undefined;
}

export interface PagesRead {
  readonly pages: number;
  readonly stop: PageStop;
}

/** The `next_url` of a page body, when it has a usable one. */
export function nextPageUrl(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const next = (body as { next_url?: unknown }).next_url;
  return typeof next === 'string' && next !== '' ? next : undefined;
}

/** Path and query of a link, whatever host it names: the identity used by the loop guard. */
export function pageIdentity(pathOrUrl: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(pathOrUrl)) return pathOrUrl;
  try {
    const u = new URL(pathOrUrl);
    return u.pathname + u.search;
  } catch {
    return pathOrUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') || '/';
  }
}

/**
 * Reads `first` and the pages after it, at most `maxPages`, handing each body to `onPage`.
 * `fetchPage` is given the first path, then each `next_url` verbatim; it rejects on failure, and
 * that rejection ends the read (pages already handed over stay handed over).
 */
export async function readPages(
  fetchPage: (pathOrUrl: string) => Promise<unknown>,
  first: string,
  options: ReadPagesOptions,
): Promise<PagesRead> {
  const cap = Math.max(1, Math.floor(options.maxPages));
  const seen = new Set<string>([pageIdentity(first)]);
  let next = first;
  for (let index = 0; ; index++) {
    const body = await fetchPage(next);
    if (options.onPage(body, index) === true) return { pages: index + 1, stop: 'enough' };
    const link = nextPageUrl(body);
    if (link === undefined) return { pages: index + 1, stop: 'end' };
    const id = pageIdentity(link);
    if (seen.has(id)) return { pages: index + 1, stop: 'repeat' };
    if (index + 1 >= cap) return { pages: index + 1, stop: 'cap' };
    seen.add(id);
    next = link;
  }
}
