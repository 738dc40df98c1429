/**
 * The live-migration microversions where os-migrateLive changes behaviour, shown under the
 * legend to explain why bands break where they do. Taken from the emulator's own table
 * (`src/nova/bands.ts`), so the report and the emulator cannot disagree. Pure.
 */
import { LIVE_MIGRATION_SWITCHES as NOVA_SWITCHES, type LiveMigrationSwitchName } from '../nova/bands.js';
import { formatMicroversion } from '../microversion/version.js';

export interface SwitchNote {
  readonly version: string;
  readonly change: string;
}

/** The os-migrateLive switches, oldest first (the migrations API's own switches are left out). */
const SHOWN: readonly LiveMigrationSwitchName[] = ['blockMigrationAuto', 'forceParameter', 'asyncPreChecks', 'forceRemoved'];

export const LIVE_MIGRATION_SWITCHES: readonly SwitchNote[] = Object.freeze(
  SHOWN.map((name) => {
    const s = NOVA_SWITCHES[name];
    const version = formatMicroversion(s.since);
    // Citations start with their own version ("2.30: ..."); the table shows it in a column.
    return Object.freeze({ version, change: s.citation.replace(new RegExp(`^${version.replace('.', '\\.')}:\\s*`), '') });
  }),
);
