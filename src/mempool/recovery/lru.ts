/** A map bounded to `capacity` entries that forgets the least recently used one first. */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`invalid LRU capacity: ${capacity}`);
  }

  /** Number of entries held. */
  get size(): number {
    return this.map.size;
  }

  /** The value for `key`, marking it most recently used. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    // Map iteration is insertion order: re-inserting moves the key to the young end.
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  /** Store `value`, evicting the least recently used entries beyond capacity. */
  set(key: K, value: V): void {
    if (this.capacity === 0) return;
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  /** True when `key` is held (does not touch recency). */
  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Forget every entry. */
  clear(): void {
    this.map.clear();
  }
}
