/**
 * The emulator's notion of time. The model never reads the wall clock: a {@link Clock} is
 * handed in, and each target adds its own offset (advanced through the control API), so
 * migration progress is a pure function of the requests a target has seen. Pure.
 */

/** A source of "now" in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** A clock that stands still at `startMs` until {@link ManualClock.advance} is called. */
export interface ManualClock extends Clock {
  advance(seconds: number): void;
}

/** `2026-01-01T00:00:00Z`: the default world's start. */
export const DEFAULT_START_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** A deterministic clock (the default): time only moves when told to. */
export function manualClock(startMs: number = DEFAULT_START_MS): ManualClock {
  let now = startMs;
  return {
    now: () => now,
    advance(seconds: number) {
      now += Math.round(seconds * 1000);
    },
  };
}

/**
 * A small memo for the timestamp renderings below: the clock stands still between advances, so
 * a matrix run renders the same few instants thousands of times (this is on the emulator's hot
 * path; `Date#toISOString` is not cheap).
 */
function memoized(render: (ms: number) => string): (ms: number) => string {
  const memo = new Map<number, string>();
  return (ms) => {
    let text = memo.get(ms);
    if (text === undefined) {
      text = render(ms);
      if (memo.size >= 256) memo.clear();
      memo.set(ms, text);
    }
    return text;
  };
}

/** Nova's database timestamp rendering: `2016-01-29T13:42:02.000000` (no zone). */
export const formatNovaTimestamp: (ms: number) => string = memoized(
  (ms) => `${new Date(ms).toISOString().slice(0, 19)}.${String((ms % 1000) * 1000).padStart(6, '0')}`,
);

/** The servers API rendering: `2013-09-03T04:01:32Z`. */
export const formatIsoSeconds: (ms: number) => string = memoized((ms) => `${new Date(ms).toISOString().slice(0, 19)}Z`);

/** `2026-01-01T00:00:00.000Z`, used by the control API. */
export const formatIso: (ms: number) => string = memoized((ms) => new Date(ms).toISOString());

/**
 * Parses the date-times Nova's query schemas accept (ISO 8601, zone optional = UTC).
 * Returns `undefined` when unparsable.
 */
export function parseNovaDateTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Math.floor(Number(`0.${frac}`) * 1000));
  if (Number.isNaN(ms)) return undefined;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}
