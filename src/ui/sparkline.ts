import sparkly from 'sparkly';

/**
 * A session sparkline squeezed into `width` cells: the series is cut into `width` buckets and each
 * bucket shows its last value (a close, like the minute bars it is made of). Drawn by `sparkly`
 * without its colour option, so the text is plain and NO_COLOR-safe; the caller colours it.
 * Fewer than two points draw nothing: one point is not a line.
 */
export function sparkline(values: readonly number[] | undefined, width: number): string {
  if (values === undefined || width <= 0) return '';
  // Every row draws this on every frame, over a session of up to 390 closes: count the finite
  // ones first and copy only the `width` points drawn (a filtered copy of the whole series per
  // row per frame was a large share of the screen's garbage).
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) n++;
  if (n < 2) return '';
  const points: number[] = [];
  if (n <= width) {
    for (const v of values) if (Number.isFinite(v)) points.push(v);
    return sparkly(points);
  }
  // Bucket i (1-based) ends at the ceil(i * n / width)-th finite value; with n > width no two
  // buckets end on the same value.
  let seen = 0;
  let bucket = 1;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    seen++;
    if (seen === Math.ceil((bucket * n) / width)) {
      points.push(v);
      bucket++;
    }
  }
  return sparkly(points);
}
