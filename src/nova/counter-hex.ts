/**
 * `n.toString(16).padStart(width, '0')` for the emulator's counters (request ids, migration and
 * fresh-server UUIDs), which it formats on every request. `Number#toString(16)` is a runtime
 * call that cost as much as building the rest of a migration record; consecutive counter values
 * differ only in their last two hex digits, so a formatter remembers the digits above the last
 * byte. Pure: the memo is a cache, the output depends on `n` alone.
 */
const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function counterHexFormatter(width: number): (n: number) => string {
  let high = -1;
  /** The hex of `high`, padded to `width - 2` digits: the result is it plus the last byte's two. */
  let highHex = '';
  return (n) => {
    if (!Number.isSafeInteger(n) || n < 256) return n.toString(16).padStart(width, '0');
    const h = Math.floor(n / 256);
    if (h !== high) {
      high = h;
      highHex = h.toString(16).padStart(width - 2, '0');
    }
    return highHex + BYTE_HEX[n % 256]!;
  };
}
