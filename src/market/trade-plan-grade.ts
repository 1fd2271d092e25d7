/**
 * Liquidity grade of one option contract for the trade plan: A, B, C or D from its spread as a
 * percent of mid, its day volume and its open interest, each graded against three thresholds
 * (settings), the contract taking the worst of the three. D means untradeable: the spread or the
 * lack of interest would eat the edge the plan assumes. Unlike the web app this grew from, a
 * contract without a two-sided quote is not silently "poor": it is D and the reason says why.
 */

export type Grade = 'A' | 'B' | 'C' | 'D';

/** Three cut-offs each, best first: spread % at most, volume and open interest at least. */
export interface GradeThresholds {
  readonly spreadPct: readonly [number, number, number];
  readonly volume: readonly [number, number, number];
  readonly openInterest: readonly [number, number, number];
}

/** @default spread ≤ 3/8/15 %, volume ≥ 1000/100/10, open interest ≥ 5000/1000/100 */
export const DEFAULT_GRADE_THRESHOLDS: GradeThresholds = {
  spreadPct: [3, 8, 15],
  volume: [1000, 100, 10],
  openInterest: [5000, 1000, 100],
};

export interface GradeInput {
  readonly bid: number | undefined;
  readonly ask: number | undefined;
  readonly volume: number | undefined;
  readonly openInterest: number | undefined;
}

export interface GradeResult {
  readonly grade: Grade;
  /** Spread as a percent of mid; undefined without a two-sided quote. */
  readonly spreadPct: number | undefined;
  readonly reasons: readonly string[];
}

const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D'];
const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);
const whole = (n: number): string => Math.round(n).toLocaleString('en-US');

function atMost(value: number, cuts: readonly number[]): Grade {
  const i = cuts.findIndex((c) => value <= c + 1e-9);
  return GRADES[i < 0 ? 3 : i]!;
}

function atLeast(value: number, cuts: readonly number[]): Grade {
  const i = cuts.findIndex((c) => value >= c);
  return GRADES[i < 0 ? 3 : i]!;
}

const worst = (grades: readonly Grade[]): Grade => GRADES[Math.max(...grades.map((g) => GRADES.indexOf(g)))]!;

/** Grades a contract; the reasons name each measure, its grade and the cut-off it met. */
export function liquidityGrade(q: GradeInput, t: GradeThresholds = DEFAULT_GRADE_THRESHOLDS): GradeResult {
  const reasons: string[] = [];
  const grades: Grade[] = [];
  let spreadPct: number | undefined;
  if (finite(q.bid) && finite(q.ask) && q.bid > 0 && q.ask >= q.bid) {
    spreadPct = ((q.ask - q.bid) / ((q.ask + q.bid) / 2)) * 100;
    const g = atMost(spreadPct, t.spreadPct);
    grades.push(g);
    reasons.push(
      `spread ${spreadPct.toFixed(1)}% of mid: ${g}${g === 'D' ? ` (> ${t.spreadPct[2]}%)` : ` (≤ ${t.spreadPct[GRADES.indexOf(g)]}%)`}`,
    );
  } else {
    grades.push('D');
    reasons.push('no two-sided quote: D');
  }
  for (const [name, value, cuts] of [
    ['volume', q.volume, t.volume],
    ['open interest', q.openInterest, t.openInterest],
  ] as const) {
    const v = finite(value) ? value : 0;
    const g = atLeast(v, cuts);
    grades.push(g);
    reasons.push(
      `${name} ${whole(v)}: ${g}${g === 'D' ? ` (< ${whole(cuts[2])})` : ` (≥ ${whole(cuts[GRADES.indexOf(g)]!)})`}`,
    );
  }
  const grade = worst(grades);
  if (grade === 'D') reasons.push('grade D: untradeable');
  return { grade, spreadPct, reasons };
}
