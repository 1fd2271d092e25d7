/**
 * Reading JSON a server answered, without `any`: the body stays `unknown` and `at()` walks it, so a
 * test asserts on the value it finds (or `undefined` when the path is not there).
 */
export function at(value: unknown, ...path: readonly (string | number)[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** The parsed body of a fetch answer, as `unknown`. */
export async function jsonOf(res: Response): Promise<unknown> {
  return (await res.json()) as unknown;
}
