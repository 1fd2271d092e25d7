/**
 * The options trade-condition codes the simulator prints in `c` (WS `T`) and `conditions` (REST).
 *
 * Massive numbers OPRA's one-letter trade-message types 201–245 (`/v3/reference/conditions?
 * asset_class=options`). The ids below are the ones Massive serves; the mapping to OPRA letters
 * follows the OPRA Binary specification. (Source: the live reference endpoint as reproduced by
 * several independent public clients; Massive's OpenAPI does not list them, so a reader can check
 * it against `/v3/reference/conditions` with a real key. The simulator serves its own copy of that
 * endpoint from condition-reference.ts.)
 *
 * | id  | OPRA | name                                                  | the simulator prints it for |
 * |-----|------|-------------------------------------------------------|-----------------------------|
 * | 201 | A    | Canceled                                              | never |
 * | 202 | B    | Late and Out Of Sequence                              | never |
 * | 203 | C    | Last and Canceled                                     | never |
 * | 204 | D    | Late                                                  | late prints (reported after the fact, `t` in the past) |
 * | 205 | E    | Opening Trade and Canceled                            | never |
 * | 206 | F    | Opening Trade, Late, and Out Of Sequence              | never |
 * | 207 | G    | Only Trade and Canceled                               | never |
 * | 208 | H    | Opening Trade and Late                                | never |
 * | 209 | I    | Automatic Execution                                   | ordinary electronic prints, splits |
 * | 210 | J    | Reopening Trade                                       | never |
 * | 219 | S    | Intermarket Sweep Order                               | each leg of a sweep |
 * | 227 | a    | Single Leg Auction Non ISO                            | blocks (price improvement auction) |
 * | 228 | b    | Single Leg Auction ISO                                | never |
 * | 229 | c    | Single Leg Cross Non ISO                              | blocks (negotiated cross) |
 * | 230 | d    | Single Leg Cross ISO                                  | never |
 * | 231 | e    | Single Leg Floor Trade                                | blocks (floor) |
 * | 232 | f    | Multi Leg auto-electronic trade                       | legs of a spread |
 * | 233 | g    | Multi Leg Auction                                     | never |
 * | 234 | h    | Multi Leg Cross                                       | never |
 * | 235 | i    | Multi Leg floor trade                                 | legs of a floor spread |
 * | 236 | j    | Multi Leg auto-electronic trade against single leg(s) | never |
 * | 237–245 | k–t | Stock-option (tied to stock) variants              | never |
 *
 * Stocks use the CTA/UTP ids of `/v3/reference/conditions?asset_class=stocks`; the simulator only
 * prints 37 (odd lot) there.
 */

/** The ids the simulator emits, by meaning. */
export const OPTION_CONDITIONS = {
  late: 204,
  autoExecution: 209,
  sweep: 219,
  auction: 227,
  cross: 229,
  floor: 231,
  multiLeg: 232,
  multiLegFloor: 235,
} as const;

/** Human names of every options condition id (201–245), for logs and tests. */
export const OPTION_CONDITION_NAMES: Readonly<Record<number, string>> = {
  201: 'Canceled',
  202: 'Late and Out Of Sequence',
  203: 'Last and Canceled',
  204: 'Late',
  205: 'Opening Trade and Canceled',
  206: 'Opening Trade, Late, and Out Of Sequence',
  207: 'Only Trade and Canceled',
  208: 'Opening Trade and Late',
  209: 'Automatic Execution',
  210: 'Reopening Trade',
  219: 'Intermarket Sweep Order',
  227: 'Single Leg Auction Non ISO',
  228: 'Single Leg Auction ISO',
  229: 'Single Leg Cross Non ISO',
  230: 'Single Leg Cross ISO',
  231: 'Single Leg Floor Trade',
  232: 'Multi Leg auto-electronic trade',
  233: 'Multi Leg Auction',
  234: 'Multi Leg Cross',
  235: 'Multi Leg floor trade',
  236: 'Multi Leg auto-electronic trade against single leg(s)',
  237: 'Stock Options Auction',
  238: 'Multi Leg Auction against single leg(s)',
  239: 'Multi Leg floor trade against single leg(s)',
  240: 'Stock Options auto-electronic trade',
  241: 'Stock Options Cross',
  242: 'Stock Options floor trade',
  243: 'Stock Options auto-electronic trade against single leg(s)',
  244: 'Stock Options Auction against single leg(s)',
  245: 'Stock Options floor trade against single leg(s)',
};

/** Stock condition: odd lot (fewer than 100 shares); it adds volume but moves neither the high/low nor the last. */
export const STOCK_ODD_LOT = 37;
