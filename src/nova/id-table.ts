/**
 * A collection of records keyed by increasing numeric ids, for the migration records of a
 * target (and the in-progress subset). Pure.
 *
 * Why not a Map/Set: every accepted live migration adds a record and, once a target is at its
 * record cap, drops an old one. A Map or Set under that add-one-drop-one churn rehashes its
 * whole table (thousands of entries, a large allocation) every few thousand operations and
 * costs several times a plain array push; on the emulator's 202 path that bookkeeping cost
 * more than the migration's own decision. Ids only ever grow, so the records sit in an array
 * in id order: `add` is a push, lookups a binary search, and a dropped record leaves a hole
 * that is swept out once holes are half the array.
 *
 * Iteration is in id order, which is insertion order: what a Map's `values()` gave. Records
 * dropped during an iteration are skipped and records added during it are visited, as with a Map.
 */
export class IdTable<T extends { readonly id: number }> {
  #ids: number[] = [];
  #records: Array<T | undefined> = [];
  #size = 0;
  /** Bumped whenever positions move (a sweep): running iterations find their place again. */
  #sweeps = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds a record whose id is greater than that of every record added before. */
  add(record: T): void {
    const ids = this.#ids;
    if (ids.length > 0 && !(record.id > ids[ids.length - 1]!)) throw new Error(`internal: id ${record.id} added after id ${ids[ids.length - 1]}`);
    ids.push(record.id);
    this.#records.push(record);
    this.#size++;
  }

  get(id: number): T | undefined {
    const at = this.#indexOf(id);
    return at < 0 ? undefined : this.#records[at];
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /** Drops the record with this id; false when there is none. */
  delete(id: number): boolean {
    const at = this.#indexOf(id);
    if (at < 0 || this.#records[at] === undefined) return false;
    this.#records[at] = undefined;
    this.#size--;
    const holes = this.#ids.length - this.#size;
    if (holes >= 64 && holes * 2 >= this.#ids.length) this.#sweep();
    return true;
  }

  /** Whether this very record (not just its id) is in the table: a Set's `has`. */
  includes(record: T): boolean {
    return this.get(record.id) === record;
  }

  /** Drops this very record, if it is in the table: a Set's `delete`. */
  remove(record: T): boolean {
    return this.includes(record) && this.delete(record.id);
  }

  *values(): IterableIterator<T> {
    let at = 0;
    let sweeps = this.#sweeps;
    let lastId = Number.NEGATIVE_INFINITY;
    for (;;) {
      if (sweeps !== this.#sweeps) {
        sweeps = this.#sweeps;
        at = this.#firstAbove(lastId);
      }
      if (at >= this.#ids.length) return;
      const record = this.#records[at++];
      if (record === undefined) continue;
      lastId = record.id;
      yield record;
    }
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.values();
  }

  /**
   * Position of `id`, or -1. Non-integers are never ids (as with Map keys, no record matches them).
   * The first guess is where `id` would sit if no id after it were missing: ids are distinct
   * integers, so its position is never before that, and with the recent records dense (swept
   * gaps lie among old ids) the guess is usually exact; otherwise a binary search from there.
   */
  #indexOf(id: number): number {
    if (!Number.isInteger(id)) return -1;
    const ids = this.#ids;
    const n = ids.length;
    if (n === 0) return -1;
    const guess = Math.max(0, n - 1 - (ids[n - 1]! - id));
    if (guess >= n) return -1;
    if (ids[guess] === id) return guess;
    const at = this.#firstAbove(id - 1, guess);
    return at < n && ids[at] === id ? at : -1;
  }

  /** Position of the first id greater than `id`, searching from `from` (ids are integers, sorted ascending). */
  #firstAbove(id: number, from = 0): number {
    const ids = this.#ids;
    let lo = from;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid]! > id) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  #sweep(): void {
    const ids: number[] = [];
    const records: T[] = [];
    for (const record of this.#records) {
      if (record === undefined) continue;
      ids.push(record.id);
      records.push(record);
    }
    this.#ids = ids;
    this.#records = records;
    this.#sweeps++;
  }
}
