/**
 * The glue between the app and the option views: the desk as React state, what the screen wants
 * from it, the chain and contract views in place of the main screen, and what their keys act on.
 * Kept here so the app gains a few lines, not the views' logic.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { FlowPrint } from '../market/types.js';
import { createOptionsDesk, type DeskSnapshot, type OptionsDesk } from '../store/options-desk.js';
import type { MarketSnapshot } from '../store/types.js';
import { chainKeyContext, chainModel } from './chain-model.js';
import type { OptionsKeyContext } from './chain-state.js';
import { ChainView } from './chain-view.js';
import { ContractView } from './contract-view.js';
import type { Theme } from './theme.js';
import type { UiState } from './ui-state.js';

/** Without a desk (tests, an old caller) the views read an empty one that never fills. */
const emptyDesk = createOptionsDesk();

/** The desk's latest snapshot. */
export function useDesk(desk: OptionsDesk | undefined): DeskSnapshot {
  const d = desk ?? emptyDesk;
  return useSyncExternalStore(d.subscribe, d.getSnapshot);
}

/** Tells the desk what the screen shows, so REST goes to it first. */
export function useDeskWants(desk: OptionsDesk | undefined, ui: UiState): void {
  const focus = ui.chain?.symbol ?? ui.detail;
  const chainOf = ui.chain?.symbol;
  const expiry = ui.chain?.expiry;
  const plan = ui.contract;
  useEffect(() => {
    desk?.want({
      focus,
      chain: chainOf === undefined ? undefined : { underlying: chainOf, expiry },
      plan,
    });
  }, [desk, focus, chainOf, expiry, plan]);
}

const priceOf = (snap: MarketSnapshot, symbol: string): number | undefined =>
  (snap.quotes[symbol] ?? snap.indices[symbol])?.price;

/**
 * What the chain, contract and plan keys act on: the chain model's strikes and contract when the
 * chain is open; otherwise the contract of the tape row `t` would open (the top row in view of
 * the main tape, or the newest print of the detail view's symbol).
 */
export function optionsKeyContext(
  ui: UiState,
  desk: DeskSnapshot,
  snap: MarketSnapshot,
  tapeTop: FlowPrint | undefined,
): OptionsKeyContext {
  if (ui.chain) return chainKeyContext(chainModel(desk, ui.chain, priceOf(snap, ui.chain.symbol)));
  const print = ui.detail !== undefined ? snap.flow.find((p) => p.underlying === ui.detail) : tapeTop;
  return { tapeContract: print?.contract };
}

export interface OptionsScreenProps {
  readonly ui: UiState;
  readonly desk: DeskSnapshot;
  readonly snapshot: MarketSnapshot;
  readonly now: number;
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
}

/** The contract or chain view when one is open; null otherwise. */
export function OptionsScreen({ ui, desk, snapshot, now, width, height, theme }: OptionsScreenProps) {
  const model = ui.chain ? chainModel(desk, ui.chain, priceOf(snapshot, ui.chain.symbol)) : undefined;
  if (ui.contract !== undefined) {
    const row = desk.chain?.rows.find((c) => c.ticker === ui.contract);
    return (
      <ContractView
        contract={ui.contract}
        chainRow={row}
        plan={desk.plan}
        flow={snapshot.flow}
        width={width}
        height={height}
        theme={theme}
      />
    );
  }
  if (ui.chain && model) {
    return (
      <ChainView
        symbol={ui.chain.symbol}
        model={model}
        right={ui.chain.right}
        at={model.loaded ? desk.chain?.at : undefined}
        now={now}
        error={desk.chainError ?? desk.note}
        width={width}
        height={height}
        theme={theme}
      />
    );
  }
  return null;
}
