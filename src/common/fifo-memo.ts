/**
 * A Map that holds at most `limit` entries: adding a key when it is full first drops the oldest
 * entry (first in, first out). For in-process memos of work that is safe to redo (a verified token,
 * an opened envelope, a rendered image): a miss costs time, never correctness, and memory stays bounded
 * whatever callers send.
 */
export class FifoMemo<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}
