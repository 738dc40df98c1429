/**
 * What Nova does with an os-migrateLive body at a microversion: the band's schema (400 with
 * Nova's exact text) and then the controller's value conversion
 * (`nova/api/openstack/compute/migrate_server.py` `_migrate_live`). The single implementation
 * of {@link InterpretMigrateLive}; the emulator and the classifier both call it. Pure.
 *
 * Force-without-host is deliberately NOT raised here: Nova loads the instance (404) and checks
 * policy (403) first, so the action carries `force: true, host: null` and
 * `decideLiveMigration` raises the 400 in its place.
 */
import type { HostHandling, InterpretMigrateLive, MigrateLiveAction, MigrateLiveInterpretation } from './contract.js';
import { hasSwitch, resolveMigrateLiveBand, type MigrateLiveBand } from './bands.js';
import { fault } from './faults.js';
import type { NovaRelease } from '../microversion/releases.js';
import { MIN_MICROVERSION, type Microversion } from '../microversion/version.js';
import { migrateLiveSchema } from './schemas/migrate-live.js';
import { validateNovaBody } from './validation/nova-schema-validator.js';

const TRUE_STRINGS = new Set(['1', 't', 'true', 'on', 'y', 'yes']);
const FALSE_STRINGS = new Set(['0', 'f', 'false', 'off', 'n', 'no']);

/**
 * `oslo_utils.strutils.bool_from_string(value, strict=True)` for values the schema let through
 * (booleans and the boolean-enum spellings).
 */
export function strictBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const s = String(value).trim().toLowerCase();
  if (TRUE_STRINGS.has(s)) return true;
  if (FALSE_STRINGS.has(s)) return false;
  throw new Error(`internal: ${String(value)} passed the boolean schema but is not a strict bool`);
}

/** How a (schema-valid) host/force pair is handled in a band. */
export function hostHandlingFor(band: MigrateLiveBand, host: string | null, force: boolean | null, legacyV2: boolean): HostHandling {
  if (host === null) return 'scheduler';
  if (legacyV2 || !band.hostVerifiedByScheduler) return 'forced';
  return force === true ? 'forced' : 'scheduler-verified';
}

/** Options of {@link interpretMigrateLive}: the contract's plus the release (schema key order). */
export interface InterpretMigrateLiveOptions {
  readonly legacyV2?: boolean;
  /** Nova ≥ 32.0.0 reorders the host keywords (pattern before length). Default: ≤ 31.x. */
  readonly release?: Pick<NovaRelease, 'novaMajor'> & Partial<Pick<NovaRelease, 'jsonschemaNonEmptyWording'>>;
}

/**
 * Validates and converts an os-migrateLive body (the whole `{"os-migrateLive": ...}` object,
 * best parsed with `parseJsonLikePython` so float/int and key order print like Python).
 */
export const interpretMigrateLive: InterpretMigrateLive = (body: unknown, microversion: Microversion, options?: InterpretMigrateLiveOptions) => {
  const legacyV2 = options?.legacyV2 === true;
  const band = resolveMigrateLiveBand(microversion, { legacyV2 });
  const validation = validateNovaBody(migrateLiveSchema(band.id, options?.release?.novaMajor), body, { legacyV2, nonEmptyWording: options?.release?.jsonschemaNonEmptyWording === true });
  if (!validation.ok) return { ok: false, fault: fault(400, validation.message) } satisfies MigrateLiveInterpretation;

  const inner = (validation.body as Record<string, unknown>)['os-migrateLive'] as Record<string, unknown>;
  const host = (inner['host'] as string | null) ?? null;
  const rawBlock = inner['block_migration'];
  const blockMigration: boolean | 'auto' = band.blockMigrationAuto && rawBlock === 'auto' ? 'auto' : strictBool(rawBlock);
  const diskOverCommit = band.hasDiskOverCommit ? strictBool(inner['disk_over_commit']) : null;
  // `_get_force_param_for_live_migration`: body.get("force", False), strict bool.
  const force = band.hasForce && !legacyV2 ? strictBool(inner['force'] ?? false) : null;
  const action: MigrateLiveAction = {
    band: band.id,
    // Legacy /v2 runs as 2.1 inside Nova whatever header was sent (the wrapper deletes them).
    microversion: legacyV2 ? MIN_MICROVERSION : microversion,
    host,
    hostHandling: hostHandlingFor(band, host, force, legacyV2),
    blockMigration,
    diskOverCommit,
    force,
    asyncPreChecks: hasSwitch('asyncPreChecks', microversion, { legacyV2 }),
  };
  return { ok: true, action };
};
