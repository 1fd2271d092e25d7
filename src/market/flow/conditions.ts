/**
 * Option trade condition codes, as Massive numbers them (`c` on options `T` events and
 * `/v3/reference/conditions?asset_class=options&data_type=trade`: ids 201–248). Provenance: the
 * Massive/Polygon options condition list mirrored in its public clients, with the OPRA binary
 * spec's mnemonics (CANC, OSEQ, MLET, …). Unknown ids are treated as regular trades.
 *
 * Only the traits the flow classifier needs are recorded: a print that is late, out of sequence,
 * cancelled, a cross or a leg of a multi-leg/stock-option order does not say which side of the
 * NBBO in force was aggressive, so its side is `none`.
 */

/** What a condition tells the classifier. */
export interface ConditionTraits {
  /** Reported late: the NBBO at arrival is not the one it traded against. */
  readonly late: boolean;
  readonly outOfSequence: boolean;
  /** Cancels an earlier print; carries no new volume. */
  readonly canceled: boolean;
  /** Pre-arranged cross (single or multi-leg). */
  readonly cross: boolean;
  /** A leg of a spread, combo or stock-option order, priced as a package. */
  readonly multiLeg: boolean;
  /** Intermarket sweep order: a leg of an order routed to several exchanges at once. */
  readonly iso: boolean;
}

type Trait = keyof ConditionTraits;

interface ConditionInfo {
  readonly code: string;
  readonly name: string;
  readonly traits: readonly Trait[];
}

/** id → OPRA mnemonic, Massive name and traits. */
export const OPTION_TRADE_CONDITIONS: Readonly<Record<number, ConditionInfo>> = {
  201: { code: 'CANC', name: 'Canceled', traits: ['canceled'] },
  202: { code: 'OSEQ', name: 'Late and Out Of Sequence', traits: ['late', 'outOfSequence'] },
  203: { code: 'CNCL', name: 'Last and Canceled', traits: ['canceled'] },
  204: { code: 'LATE', name: 'Late', traits: ['late'] },
  205: { code: 'CNCO', name: 'Opening Trade and Canceled', traits: ['canceled'] },
  206: { code: 'OPEN', name: 'Opening Trade, Late, and Out Of Sequence', traits: ['late', 'outOfSequence'] },
  207: { code: 'CNOL', name: 'Only Trade and Canceled', traits: ['canceled'] },
  208: { code: 'OPNL', name: 'Opening Trade and Late', traits: ['late'] },
  209: { code: 'AUTO', name: 'Automatic Execution', traits: [] },
  210: { code: 'REOP', name: 'Reopening Trade', traits: [] },
  219: { code: 'ISOI', name: 'Intermarket Sweep Order', traits: ['iso'] },
  227: { code: 'SLAN', name: 'Single Leg Auction Non ISO', traits: [] },
  228: { code: 'SLAI', name: 'Single Leg Auction ISO', traits: ['iso'] },
  229: { code: 'SLCN', name: 'Single Leg Cross Non ISO', traits: ['cross'] },
  230: { code: 'SLCI', name: 'Single Leg Cross ISO', traits: ['cross', 'iso'] },
  231: { code: 'SLFT', name: 'Single Leg Floor Trade', traits: [] },
  232: { code: 'MLET', name: 'Multi Leg auto-electronic trade', traits: ['multiLeg'] },
  233: { code: 'MLAT', name: 'Multi Leg Auction', traits: ['multiLeg'] },
  234: { code: 'MLCT', name: 'Multi Leg Cross', traits: ['multiLeg', 'cross'] },
  235: { code: 'MLFT', name: 'Multi Leg floor trade', traits: ['multiLeg'] },
  236: { code: 'MESL', name: 'Multi Leg auto-electronic trade against single leg(s)', traits: ['multiLeg'] },
  237: { code: 'TLAT', name: 'Stock Options Auction', traits: ['multiLeg'] },
  238: { code: 'MASL', name: 'Multi Leg Auction against single leg(s)', traits: ['multiLeg'] },
  239: { code: 'MFSL', name: 'Multi Leg floor trade against single leg(s)', traits: ['multiLeg'] },
  240: { code: 'TLET', name: 'Stock Options auto-electronic trade', traits: ['multiLeg'] },
  241: { code: 'TLCT', name: 'Stock Options Cross', traits: ['multiLeg', 'cross'] },
  242: { code: 'TLFT', name: 'Stock Options floor trade', traits: ['multiLeg'] },
  243: { code: 'TESL', name: 'Stock Options auto-electronic trade against single leg(s)', traits: ['multiLeg'] },
  244: { code: 'TASL', name: 'Stock Options Auction against single leg(s)', traits: ['multiLeg'] },
  245: { code: 'TFSL', name: 'Stock Options floor trade against single leg(s)', traits: ['multiLeg'] },
  246: { code: 'CBMO', name: 'Multi Leg Floor Trade of Proprietary Products', traits: ['multiLeg'] },
  247: { code: 'MCTP', name: 'Multilateral Compression Trade of Proprietary Products', traits: ['multiLeg'] },
  248: { code: 'EXHT', name: 'Extended Hours Trade', traits: [] },
};

/** The union of the traits of a print's condition ids (absent or unknown ids add none). */
export function conditionTraits(conditions: readonly number[] | undefined): ConditionTraits {
  const t = { late: false, outOfSequence: false, canceled: false, cross: false, multiLeg: false, iso: false };
  for (const id of conditions ?? []) for (const trait of OPTION_TRADE_CONDITIONS[id]?.traits ?? []) t[trait] = true;
  return t;
}

/** True when the conditions make the side against the NBBO meaningless (`none`). */
export function isSidelessPrint(traits: ConditionTraits): boolean {
  return traits.late || traits.outOfSequence || traits.canceled || traits.cross || traits.multiLeg;
}
