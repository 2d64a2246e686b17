// A small least-recently-used cache (per-step memo of what the source returns).

/** Map with a size bound; `get` refreshes an entry. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly limit: number) {}

  has(key: K): boolean {
    return this.map.has(key);
  }

  // The cached value, computing and storing it on a miss.
  get(key: K, compute: () => V): V {
    if (this.map.has(key)) {
      const hit = this.map.get(key) as V;
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = compute();
    this.map.set(key, value);
    if (this.map.size > this.limit) {
      const oldest = this.map.keys().next();
      if (oldest.done !== true) this.map.delete(oldest.value);
    }
    return value;
  }
}
