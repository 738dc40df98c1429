/**
 * The microversion changes an explanation may cite, as data, and the fault messages that
 * point at them. Pure. Facts §3.1–§3.3, §6.2–§6.3.
 */
import type { MigrateLiveBandId } from '../nova/contract.js';

/** One-line citations of the changes that shape os-migrateLive. */
export const CITES = {
  mv2_25: '2.25 removed disk_over_commit (and added block_migration "auto")',
  mv2_30: '2.30 made a named host scheduler-verified unless force=true',
  mv2_30Force: "2.30 added force; force=true needs a host",
  mv2_34: '2.34 made live-migration pre-checks asynchronous, failures show on the migration record',
  mv2_68: '2.68 removed force',
  positionalShift: 'Horizon 60455e5ff requests 2.30 and passes disk_over_commit positionally into novaclient\'s force',
  legacyV2: 'the legacy /v2 endpoint validates with the 2.0 schema (disk_over_commit required)',
} as const;

/** What each schema band means for the user's options. */
export const BAND_CITES: Readonly<Record<MigrateLiveBandId, string>> = {
  '2.1': '2.1–2.24: disk_over_commit honoured, a named host is forced',
  '2.25': '2.25–2.29: disk_over_commit gone, a named host is still forced',
  '2.30': '2.30–2.67: a named host is verified by the scheduler unless force=true',
  '2.68': '2.68+: force gone, a named host is always verified by the scheduler',
};

interface FaultCite {
  readonly pattern: RegExp;
  readonly cite: string;
}

/** Fault messages → the change responsible; first match wins. */
const FAULT_CITES: readonly FaultCite[] = [
  { pattern: /Can't force to a non-provided destination/, cite: `${CITES.mv2_30Force}; ${CITES.positionalShift}` },
  { pattern: /'disk_over_commit' was unexpected/, cite: CITES.mv2_25 },
  { pattern: /'disk_over_commit' is a required property/, cite: `below 2.25 disk_over_commit is required (${CITES.legacyV2} too)` },
  { pattern: /'force' was unexpected/, cite: 'force exists only in 2.30–2.67 (2.68 removed it)' },
  { pattern: /'auto' is not one of/, cite: 'block_migration "auto" exists only from 2.25' },
  { pattern: /is not supported by the API/, cite: 'the requested microversion is above the server maximum (406)' },
  { pattern: /is of invalid format/, cite: 'malformed microversion header (400)' },
  { pattern: /Policy doesn't allow/, cite: 'policy os_compute_api:os-migrate-server:migrate_live is admin-only by default' },
  { pattern: /Compute host .* could not be found/, cite: 'a named host is looked up before anything else, in every band' },
  { pattern: /is locked/, cite: 'a locked server can be migrated only by an admin' },
  { pattern: /while it is in|invalid state for/, cite: 'live migration needs an ACTIVE or PAUSED server with no task' },
  { pattern: /not on local storage|not on shared storage/, cite: 'a block migration between hosts sharing storage (or a non-block one without) fails the pre-checks; below 2.34 before the answer' },
  { pattern: /pre-check|No valid host|unavailable at this time|Exceeded maximum number of retries/, cite: 'below 2.34 pre-checks run before the answer; 2.34 made them asynchronous' },
];

/** The citation for a fault message, or undefined. */
export function citeFault(message: string): string | undefined {
  return FAULT_CITES.find((c) => c.pattern.test(message))?.cite;
}
