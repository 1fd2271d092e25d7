/**
 * The option side of the watch screen, beside the market store: key levels per underlying, the
 * chain the chain view shows and the plan of the contract the contract view shows. The UI reads
 * it and says what it wants (`want`); the refresher in stream/ reads the wants and fills it. Kept
 * out of the market store because it changes every few seconds at most, not per event.
 */
import type { OptionContractSnapshot } from '../massive/rest-models.js';
import type { KeyLevels } from '../market/levels/key-levels.js';
import type { TradePlan } from '../market/trade-plan.js';

export interface LevelsEntry {
  readonly underlying: string;
  readonly spot: number | undefined;
  readonly levels: KeyLevels;
  /** Every expiry the chain read listed, ascending (the chain view's expiry selector). */
  readonly expiries: readonly string[];
  /** Wall-clock ms of the refresh. */
  readonly at: number;
}

export interface ChainEntry {
  readonly underlying: string;
  readonly expiry: string;
  readonly spot: number | undefined;
  /** Contracts of that expiry around the money, calls and puts. */
  readonly rows: readonly OptionContractSnapshot[];
  readonly at: number;
}

export interface PlanEntry {
  readonly contract: string;
  readonly plan: TradePlan | undefined;
  /** The contract's own snapshot: quote and greeks. */
  readonly snapshot: OptionContractSnapshot | undefined;
  /** Why there is no plan, in words. */
  readonly error: string | undefined;
  readonly at: number;
}

/** What the screen shows now, and so what is worth spending REST on. */
export interface DeskWants {
  /** The symbol of the open detail or chain view: its levels come first (and alone on a small budget). */
  readonly focus?: string | undefined;
  /** The open chain view; no expiry means the nearest. */
  readonly chain?: { readonly underlying: string; readonly expiry?: string | undefined } | undefined;
  /** The open contract view. */
  readonly plan?: string | undefined;
}

export interface DeskSnapshot {
  readonly version: number;
  readonly levels: Readonly<Record<string, LevelsEntry>>;
  readonly chain: ChainEntry | undefined;
  readonly chainError: string | undefined;
  readonly plan: PlanEntry | undefined;
  readonly wants: DeskWants;
  /** Per underlying, why it has no levels (no options listed, a failed read). */
  readonly missing: Readonly<Record<string, string>>;
  /** Why levels and chains cannot be had or are limited (e.g. no option snapshots in the plan). */
  readonly note: string | undefined;
  /** How the refresh spends the REST budget, in words, for the screen. */
  readonly policy: string | undefined;
}

export interface OptionsDesk {
  subscribe(listener: () => void): () => void;
  getSnapshot(): DeskSnapshot;
  /** Replaces what the screen wants (equal wants are ignored). */
  want(wants: DeskWants): void;
}

export interface WritableOptionsDesk extends OptionsDesk {
  setLevels(entry: LevelsEntry): void;
  /** Why `underlying` has no levels; undefined clears it. */
  setMissing(underlying: string, reason: string | undefined): void;
  setChain(entry: ChainEntry | undefined, error?: string): void;
  setPlan(entry: PlanEntry | undefined): void;
  setNote(note: string | undefined, policy?: string): void;
  /** Called after every change of the wants. */
  onWants(listener: (wants: DeskWants) => void): () => void;
}

const sameWants = (a: DeskWants, b: DeskWants): boolean =>
  a.focus === b.focus &&
  a.plan === b.plan &&
  a.chain?.underlying === b.chain?.underlying &&
  a.chain?.expiry === b.chain?.expiry;

/** A desk that publishes on every change: changes come a few times a minute, not per event. */
export function createOptionsDesk(): WritableOptionsDesk {
  let snap: DeskSnapshot = {
    version: 0,
    levels: {},
    chain: undefined,
    chainError: undefined,
    plan: undefined,
    wants: {},
    missing: {},
    note: undefined,
    policy: undefined,
  };
  const listeners = new Set<() => void>();
  const wantListeners = new Set<(wants: DeskWants) => void>();
  const publish = (patch: Partial<DeskSnapshot>): void => {
    snap = { ...snap, ...patch, version: snap.version + 1 };
    for (const l of [...listeners]) l();
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snap,
    want(wants) {
      if (sameWants(wants, snap.wants)) return;
      publish({ wants });
      for (const l of [...wantListeners]) l(wants);
    },
    setLevels(entry) {
      const { [entry.underlying]: _cleared, ...missing } = snap.missing;
      publish({ levels: { ...snap.levels, [entry.underlying]: entry }, missing });
    },
    setMissing(underlying, reason) {
      if (snap.missing[underlying] === reason) return;
      const { [underlying]: _old, ...rest } = snap.missing;
      publish({ missing: reason === undefined ? rest : { ...rest, [underlying]: reason } });
    },
    setChain(entry, error) {
      publish({ chain: entry ?? snap.chain, chainError: error });
    },
    setPlan(entry) {
      publish({ plan: entry });
    },
    setNote(note, policy) {
      if (note !== snap.note || policy !== snap.policy) publish({ note, policy });
    },
    onWants(listener) {
      wantListeners.add(listener);
      return () => wantListeners.delete(listener);
    },
  };
}
