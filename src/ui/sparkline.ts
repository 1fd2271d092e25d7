import sparkly from 'sparkly';

/**
 * A session sparkline squeezed into `width` cells: the series is cut into `width` buckets and each
 * bucket shows its last value (a close, like the minute bars it is made of). Drawn by `sparkly`
 * without its colour option, so the text is plain and NO_COLOR-safe; the caller colours it.
 * Fewer than two points draw nothing: one point is not a line.
 */
export function sparkline(values: readonly number[] | undefined, width: number): string {
  const finite = (values ?? []).filter((v) => Number.isFinite(v));
  if (finite.length < 2 || width <= 0) return '';
  let points = finite;
  if (finite.length > width) {
    points = [];
    for (let i = 1; i <= width; i++) points.push(finite[Math.ceil((i * finite.length) / width) - 1]!);
  }
  return sparkly(points);
}
