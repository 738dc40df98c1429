/**
 * Live-migration microversion bands and switches as data (facts §3.1, §3.2), each resolved by
 * one function, so neither the emulator nor the classifier compares version strings itself.
 * Source: `nova/api/openstack/compute/migrate_server.py` (schema decorators and
 * `is_supported` calls), `rest_api_version_history.rst`. Pure.
 */
import type { MigrateLiveBandId } from './contract.js';
import { atLeast, compareMicroversions, mv, type Microversion } from '../microversion/version.js';

/** One os-migrateLive request schema band: `[since, until]` inclusive, `until` null = open. */
export interface MigrateLiveBand {
  readonly id: MigrateLiveBandId;
  readonly since: Microversion;
  readonly until: Microversion | null;
  /** Body keys the schema knows, in Nova's property order. */
  readonly properties: readonly string[];
  readonly required: readonly string[];
  /** `block_migration` also accepts `"auto"`. */
  readonly blockMigrationAuto: boolean;
  /** `force` exists (optional, strict bool, default false). */
  readonly hasForce: boolean;
  /** `disk_over_commit` exists (required). */
  readonly hasDiskOverCommit: boolean;
  /** A named host goes to the scheduler as requested destination unless forced. */
  readonly hostVerifiedByScheduler: boolean;
  readonly citation: string;
}

/** The os-migrateLive bands, oldest first (`@validation.schema(..., "2.0", "2.24")` etc.). */
export const MIGRATE_LIVE_BANDS: readonly MigrateLiveBand[] = Object.freeze([
  {
    id: '2.1', since: mv('2.0'), until: mv('2.24'),
    properties: ['block_migration', 'disk_over_commit', 'host'],
    required: ['block_migration', 'disk_over_commit', 'host'],
    blockMigrationAuto: false, hasForce: false, hasDiskOverCommit: true, hostVerifiedByScheduler: false,
    citation: '2.1–2.24: block_migration, disk_over_commit and host all required; a named host is forced',
  },
  {
    id: '2.25', since: mv('2.25'), until: mv('2.29'),
    properties: ['block_migration', 'host'],
    required: ['block_migration', 'host'],
    blockMigrationAuto: true, hasForce: false, hasDiskOverCommit: false, hostVerifiedByScheduler: false,
    citation: '2.25: block_migration accepts "auto"; disk_over_commit removed (rejected as additional property)',
  },
  {
    id: '2.30', since: mv('2.30'), until: mv('2.67'),
    properties: ['block_migration', 'host', 'force'],
    required: ['block_migration', 'host'],
    blockMigrationAuto: true, hasForce: true, hasDiskOverCommit: false, hostVerifiedByScheduler: true,
    citation: '2.30: optional force; a given host is verified by the scheduler unless force is true',
  },
  {
    id: '2.68', since: mv('2.68'), until: null,
    properties: ['block_migration', 'host'],
    required: ['block_migration', 'host'],
    blockMigrationAuto: true, hasForce: false, hasDiskOverCommit: false, hostVerifiedByScheduler: true,
    citation: '2.68: force removed (rejected as additional property); a given host is always verified by the scheduler',
  },
]);

/**
 * The band whose schema Nova applies at `version`. `legacyV2` (the `/v2` endpoint) always gets
 * the 2.0 schema: only schemas with min_version unset or `2.0` run there (facts §1.8).
 */
export function resolveMigrateLiveBand(version: Microversion, options?: { legacyV2?: boolean }): MigrateLiveBand {
  const bands = MIGRATE_LIVE_BANDS;
  if (options?.legacyV2) return bands[0]!;
  for (let i = bands.length - 1; i >= 0; i--) {
    const band = bands[i]!;
    if (compareMicroversions(version, band.since) >= 0) return band;
  }
  return bands[0]!;
}

export function migrateLiveBandById(id: MigrateLiveBandId): MigrateLiveBand {
  const band = MIGRATE_LIVE_BANDS.find((b) => b.id === id);
  if (!band) throw new Error(`unknown os-migrateLive band ${id}`);
  return band;
}

/** A behaviour that starts at (and, if `until` is set, ends after) a microversion. */
export interface MicroversionSwitch {
  readonly since: Microversion;
  /** Last microversion with the behaviour; null = still present. */
  readonly until: Microversion | null;
  readonly citation: string;
}

function sw(since: string, citation: string, until?: string): MicroversionSwitch {
  return Object.freeze({ since: mv(since), until: until === undefined ? null : mv(until), citation });
}

/** Live-migration-related microversion switches (facts §3.1, §3.6, §3.8–3.10). */
export const LIVE_MIGRATION_SWITCHES = Object.freeze({
  forceComplete: sw('2.22', '2.22: POST /servers/{id}/migrations/{mid}/action {"force_complete": null}'),
  serverMigrationsGet: sw('2.23', '2.23: GET /servers/{id}/migrations[/{mid}]; /os-migrations gains migration_type and links'),
  abort: sw('2.24', '2.24: DELETE /servers/{id}/migrations/{mid} aborts a running live migration'),
  blockMigrationAuto: sw('2.25', '2.25: block_migration accepts "auto"; disk_over_commit removed'),
  forceParameter: sw('2.30', '2.30: optional force; a given host is verified by the scheduler unless force', '2.67'),
  hostVerifiedByScheduler: sw('2.30', '2.30: a given host is verified by the scheduler unless force'),
  asyncPreChecks: sw('2.34', '2.34: pre-checks run after the 202 (cast); failures show on the migration record'),
  coldMigrateHost: sw('2.56', '2.56: cold migrate accepts {"host": ...}, verified by the scheduler'),
  migrationUuidAndPaging: sw('2.59', '2.59: uuid in migrations; /os-migrations limit/marker/changes-since, strict query'),
  abortQueuedPreparing: sw('2.65', '2.65: abort also allowed while the migration is queued or preparing'),
  changesBefore: sw('2.66', '2.66: /os-migrations changes-before filter'),
  forceRemoved: sw('2.68', '2.68: force removed from os-migrateLive and evacuate'),
  migrationUserProject: sw('2.80', '2.80: user_id/project_id in migrations and /os-migrations filters'),
  serverMigrationsStrictQuery: sw('2.102', '2.102: /servers/{id}/migrations reject unknown query parameters'),
});

export type LiveMigrationSwitchName = keyof typeof LIVE_MIGRATION_SWITCHES;

/** Whether `version` has the switched behaviour. Legacy `/v2` never has any (every `is_supported` is false). */
export function hasSwitch(name: LiveMigrationSwitchName, version: Microversion, options?: { legacyV2?: boolean }): boolean {
  if (options?.legacyV2) return false;
  const s = LIVE_MIGRATION_SWITCHES[name];
  return atLeast(version, s.since) && (s.until === null || compareMicroversions(version, s.until) <= 0);
}
