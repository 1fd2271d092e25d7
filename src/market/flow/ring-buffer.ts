/**
 * Fixed-capacity ring buffer for the flow tape. Hand-written because it is a dozen lines and the
 * tape needs exactly this (newest-first view plus a count of what fell off) without pulling in a
 * dependency; Ink's `<Static>` grows forever and is not an option.
 */
export class RingBuffer<T> {
  readonly capacity: number;
  readonly #items: (T | undefined)[];
  #next = 0;
  #size = 0;
  #dropped = 0;

  /** @param capacity at least 1 (fractions are floored). */
  constructor(capacity: number) {
    if (!Number.isFinite(capacity) || capacity < 1)
      throw new RangeError(`RingBuffer capacity must be ≥ 1, got ${capacity}`);
    this.capacity = Math.floor(capacity);
    this.#items = new Array<T | undefined>(this.capacity);
  }

  /** Adds an item, overwriting (and counting as dropped) the oldest when full. */
  push(item: T): void {
    if (this.#size === this.capacity) this.#dropped++;
    else this.#size++;
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
  }

  get size(): number {
    return this.#size;
  }

  /** Items overwritten since creation (or the last clear). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Newest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 1; i <= this.#size; i++) out.push(this.#items[(this.#next - i + this.capacity) % this.capacity] as T);
    return out;
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#next = 0;
    this.#size = 0;
    this.#dropped = 0;
  }
}
