/**
 * The live-migration microversions where Nova's behaviour changes (facts §3.1), used to
 * explain why a band of columns breaks where it does.
 * TODO(lead): replace with the shared table from `src/nova/bands.ts` once it lands, so the
 * report and the emulator cannot disagree.
 * Pure.
 */
export interface MicroversionSwitch {
  readonly version: string;
  readonly change: string;
}

export const LIVE_MIGRATION_SWITCHES: readonly MicroversionSwitch[] = Object.freeze([
  { version: '2.25', change: '`block_migration` accepts "auto"; `disk_over_commit` removed (400 if sent).' },
  { version: '2.30', change: 'optional `force`; a given host is verified by the scheduler unless `force` is true.' },
  { version: '2.34', change: 'live-migration pre-checks become asynchronous (no 400 for pre-check failures).' },
  { version: '2.68', change: '`force` removed (400 if sent).' },
]);
