/**
 * Small, seedable random numbers for the simulated market. Math.random cannot be seeded, and a
 * test that asserts "same seed, same first 1,000 events" needs bit-for-bit reproducibility across
 * runs and machines, so we hand-write two tiny well-known generators instead of adding a package.
 *
 * The market draws from *counter-based* streams: the numbers for (seed, key, second) are a pure
 * function of those three values. A symbol subscribed late therefore sees exactly the same path as
 * one tracked from the start, and the 15-minute delayed feed replays the live one.
 */

/** mulberry32: 32-bit state, passes gjrand/PractRand at the sizes we use, 6 lines. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, 32 bit: a stable hash of a symbol name (no crypto needed, only spread). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes several 32-bit words into one seed (murmur3 finaliser after each word). */
export function mixSeed(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const w of words) {
    h ^= w >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** The random stream for one (seed, key, step) cell. */
export function streamFor(seed: number, key: string, step: number): () => number {
  return mulberry32(mixSeed(seed, hashString(key), step | 0, Math.floor(step / 4294967296)));
}

/** Standard normal draw (Box–Muller); consumes two uniforms. */
export function normal(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Uniform integer in [lo, hi]. */
export function intBetween(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** A deterministic uniform in [0, 1) for a name, used for static per-symbol traits. */
export function unitFromName(seed: number, name: string, salt = 0): number {
  return mulberry32(mixSeed(seed, hashString(name), salt))();
}
