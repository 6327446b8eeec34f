/** A binary heap; `before(a, b)` is true when `a` must come out before `b`. */
export class Heap<T> {
  private readonly items: T[];

  constructor(
    private readonly before: (a: T, b: T) => boolean,
    items: T[] = [],
  ) {
    this.items = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** Number of items. */
  get size(): number {
    return this.items.length;
  }

  /** The first item, without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Add an item. */
  push(item: T): void {
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  /** Remove and return the first item. */
  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last !== undefined) {
      this.items[0] = last;
      this.down(0);
    }
    return top;
  }

  /** Replace the first item (cheaper than pop + push). */
  replaceTop(item: T): void {
    if (this.items.length === 0) {
      this.items.push(item);
      return;
    }
    this.items[0] = item;
    this.down(0);
  }

  /** Remove every item. */
  clear(): void {
    this.items.length = 0;
  }

  private up(i: number): void {
    const a = this.items;
    const item = a[i] as T;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p] as T;
      if (!this.before(item, parent)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = item;
  }

  private down(i: number): void {
    const a = this.items;
    const n = a.length;
    const item = a[i] as T;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.before(a[c + 1] as T, a[c] as T)) c++;
      if (!this.before(a[c] as T, item)) break;
      a[i] = a[c] as T;
      i = c;
    }
    a[i] = item;
  }
}
