/**
 * A Map that forgets its oldest entries past `max`: every in-memory index the kiosk keeps per scan is
 * bounded, however long it runs. Insertion order is age order (a re-set moves the key to the end).
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.max) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return this;
  }
}
