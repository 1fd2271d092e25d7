/**
 * One underlying's listed contracts kept as their grid (expiries × strikes × call/put), not as an
 * object per contract. A `--demo` watch lists eleven chains, ~31,000 contracts: as objects with a
 * ticker index they were 5.6 MiB of a process whose goal is 150 MiB RSS (BENCHMARKS.md, session
 * 6). Contracts are made when asked for, which costs the REST handlers (they filter and sort a
 * whole chain per page anyway) a few thousand short-lived objects per request.
 */
import { formatOptionTicker, parseOptionTicker, type OptionRight } from '../../massive/symbology.js';
import type { ContractSpec } from './options.js';

export interface ChainGrid {
  readonly underlying: string;
  /** Ascending, with the root each expiry trades under (index weeklies: SPXW). */
  readonly expiries: readonly { readonly expiry: string; readonly root: string }[];
  /** Ascending. */
  readonly strikes: readonly number[];
  readonly style: ContractSpec['style'];
}

const RIGHTS: readonly OptionRight[] = ['call', 'put'];

export class ChainListing {
  private readonly expiryAt: ReadonlyMap<string, number>;
  /** Keyed by strike in thousandths, as the ticker carries it. */
  private readonly strikeAt: ReadonlyMap<number, number>;
  /**
   * The last list made, for as long as something still holds it: callers that ask again in the
   * same breath (a script resolving several prints) share one list, as when it was kept.
   */
  private made?: WeakRef<ContractSpec[]>;

  constructor(private readonly grid: ChainGrid) {
    this.expiryAt = new Map(grid.expiries.map((e, i) => [e.expiry, i]));
    this.strikeAt = new Map(grid.strikes.map((k, i) => [Math.round(k * 1000), i]));
  }

  /** Every contract, by expiry, then strike, then call before put. */
  list(): ContractSpec[] {
    const made = this.made?.deref();
    if (made) return made;
    const out: ContractSpec[] = [];
    for (let e = 0; e < this.grid.expiries.length; e++)
      for (let s = 0; s < this.grid.strikes.length; s++)
        for (const right of RIGHTS) {
          const spec = this.spec(e, s, right);
          if (spec) out.push(spec);
        }
    this.made = new WeakRef(out);
    return out;
  }

  /** The listed contract with exactly this ticker, or undefined. */
  get(ticker: string): ContractSpec | undefined {
    const occ = parseOptionTicker(ticker);
    if (!occ) return undefined;
    const e = this.expiryAt.get(occ.expiry);
    const s = this.strikeAt.get(Math.round(occ.strike * 1000));
    if (e === undefined || s === undefined || this.grid.expiries[e]?.root !== occ.root) return undefined;
    const spec = this.spec(e, s, occ.right);
    return spec?.ticker === ticker ? spec : undefined;
  }

  private spec(e: number, s: number, right: OptionRight): ContractSpec | undefined {
    const { expiry, root } = this.grid.expiries[e] as ChainGrid['expiries'][number];
    const strike = this.grid.strikes[s] as number;
    const ticker = formatOptionTicker({ root, expiry, right, strike });
    if (ticker === undefined) return undefined;
    return { ticker, root, underlying: this.grid.underlying, expiry, right, strike, style: this.grid.style };
  }
}
