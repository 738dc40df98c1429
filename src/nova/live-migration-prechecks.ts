/**
 * A model of the conductor's `LiveMigrationTask` (`nova/conductor/tasks/live_migrate.py`) over
 * the emulated world: source up → forced destination checks, or the scheduler loop that skips
 * candidates failing pre-checks. Pure.
 *
 * Modelled: source/destination service up, destination == source, hypervisor type, the
 * destination's configured pre-check failure, and libvirt's shared/local storage source check.
 * Not modelled: memory, NUMA, PCI, vPMEM, cells, port binding, placement claims, weighers
 * (candidates are tried in world order).
 */
import type { MigrateLiveAction } from './contract.js';
import type { NovaRelease } from '../microversion/releases.js';
import type { ComputeHostState, ServerState } from './world-types.js';

/** Exception texts (`nova/exception.py`, `virt/libvirt/driver.py`, `scheduler/manager.py`, `compute/manager.py`). */
export const PRE_CHECK_MESSAGES = Object.freeze({
  computeServiceUnavailable: (host: string) => `Compute service of ${host} is unavailable at this time.`,
  unableToMigrateToSelf: (uuid: string, host: string) => `Unable to migrate instance (${uuid}) to current host (${host}).`,
  invalidHypervisorType: 'The supplied hypervisor type of is invalid.',
  migrationPreCheck: (reason: string) => `Migration pre-check error: ${reason}`,
  invalidSharedStorage: (path: string) =>
    `${path} is not on shared storage: Shared storage live-migration requires either shared storage or boot-from-volume with no local disks.`,
  invalidLocalStorage: (path: string) => `${path} is not on local storage: Block migration can not be used with shared storage.`,
  /**
   * compute/manager.py (commit dc51a4271b) wraps the source check's remote exception. The real
   * text continues with the remote traceback (`str()` of an oslo.messaging remote exception),
   * which is not reproducible; we stop after the exception message.
   */
  sourceCheckWrapped: (source: string, dest: string, excType: string, message: string) =>
    `Error while check_can_live_migrate_source from ${source} to host ${dest}: ${excType}_Remote ${message}`,
  noValidHost: 'No valid host was found. There are not enough hosts available.',
});

/** Release-dependent conductor/compute behaviour, keyed by Nova major version. */
export interface PreCheckBehaviour {
  /**
   * The destination wraps source-check failures in MigrationPreCheckError (so the scheduler
   * path skips such hosts). In 33.0.0 and backported to 30.2.1, 31.2.0, 32.1.0: we model the
   * newest point release of each series, so 30+ wraps, 29 (caracal) and older do not.
   */
  readonly sourceCheckWrapped: boolean;
}

const BEHAVIOUR_ROWS: ReadonlyArray<{ readonly sinceMajor: number; readonly behaviour: PreCheckBehaviour }> = [
  { sinceMajor: 0, behaviour: { sourceCheckWrapped: false } },
  { sinceMajor: 30, behaviour: { sourceCheckWrapped: true } },
];

export function preCheckBehaviour(release: NovaRelease): PreCheckBehaviour {
  let found = BEHAVIOUR_ROWS[0]!.behaviour;
  for (const row of BEHAVIOUR_ROWS) if (release.novaMajor >= row.sinceMajor) found = row.behaviour;
  return found;
}

export type PreCheckOutcome = { readonly ok: true; readonly destination: string } | { readonly ok: false; readonly message: string };

export interface PreCheckInput {
  readonly action: MigrateLiveAction;
  readonly server: ServerState;
  readonly release: NovaRelease;
  readonly hosts: readonly ComputeHostState[];
}

/** A failure of one host's checks: `skippable` = the scheduler loop catches it (Invalid/MigrationPreCheckError). */
interface HostCheckFailure {
  readonly message: string;
  readonly skippable: boolean;
}

/** libvirt `check_can_live_migrate_source`: shared instance path or volume-backed = shared storage. */
function storageFailure(server: ServerState, source: ComputeHostState | undefined, dest: ComputeHostState, block: boolean | 'auto'): { excType: string; message: string } | null {
  const sharedPath = source !== undefined && source.sharedStorageGroup !== null && source.sharedStorageGroup === dest.sharedStorageGroup;
  const onShared = sharedPath || server.volumeBacked;
  if (block === 'auto') return null; // Nova picks block = not shared: always passes
  if (block && onShared) return { excType: 'InvalidLocalStorage', message: PRE_CHECK_MESSAGES.invalidLocalStorage(server.host) };
  if (!block && !onShared) return { excType: 'InvalidSharedStorage', message: PRE_CHECK_MESSAGES.invalidSharedStorage(server.host) };
  return null;
}

/** `_call_livem_checks_on_host`: destination driver checks, then the source check over RPC. */
function liveMigrationChecks(input: PreCheckInput, source: ComputeHostState | undefined, dest: ComputeHostState): HostCheckFailure | null {
  if (dest.preCheckFailure !== null) return { message: PRE_CHECK_MESSAGES.migrationPreCheck(dest.preCheckFailure), skippable: true };
  const storage = storageFailure(input.server, source, dest, input.action.blockMigration);
  if (!storage) return null;
  if (preCheckBehaviour(input.release).sourceCheckWrapped) {
    return { message: PRE_CHECK_MESSAGES.sourceCheckWrapped(input.server.host, dest.name, storage.excType, storage.message), skippable: true };
  }
  // InvalidSharedStorage/InvalidLocalStorage are NovaException, not Invalid: the scheduler loop
  // does not catch them, so the first such host ends the whole operation.
  return { message: storage.message, skippable: false };
}

function hypervisorFailure(source: ComputeHostState | undefined, dest: ComputeHostState): HostCheckFailure | null {
  if (source && source.hypervisorType !== dest.hypervisorType) return { message: PRE_CHECK_MESSAGES.invalidHypervisorType, skippable: true };
  return null;
}

/** `LiveMigrationTask._execute` up to the RPC to the source compute. */
export function runLiveMigrationPreChecks(input: PreCheckInput): PreCheckOutcome {
  const { action, server, hosts } = input;
  const byName = (name: string) => hosts.find((h) => h.name === name);
  const source = byName(server.host);
  if (source && source.serviceState !== 'up') return { ok: false, message: PRE_CHECK_MESSAGES.computeServiceUnavailable(server.host) };

  if (action.hostHandling === 'forced' && action.host) {
    const destName = action.host;
    if (destName === server.host) return { ok: false, message: PRE_CHECK_MESSAGES.unableToMigrateToSelf(server.id, destName) };
    const dest = byName(destName);
    if (!dest) return { ok: false, message: PRE_CHECK_MESSAGES.computeServiceUnavailable(destName) };
    if (dest.serviceState !== 'up') return { ok: false, message: PRE_CHECK_MESSAGES.computeServiceUnavailable(destName) };
    const failure = hypervisorFailure(source, dest) ?? liveMigrationChecks(input, source, dest);
    return failure ? { ok: false, message: failure.message } : { ok: true, destination: destName };
  }

  // Scheduler path: ignore_hosts starts with the source; a requested destination (2.30+ without
  // force) restricts the candidates to that host. migrate_max_retries defaults to -1 (retry until
  // out of hosts), so the end is always NoValidHost, never MaxRetriesExceeded.
  const candidates = hosts.filter((h) =>
    h.name !== server.host && h.serviceState === 'up' && h.serviceStatus === 'enabled' &&
    (action.hostHandling !== 'scheduler-verified' || h.name === action.host));
  for (const dest of candidates) {
    const failure = hypervisorFailure(source, dest) ?? liveMigrationChecks(input, source, dest);
    if (!failure) return { ok: true, destination: dest.name };
    if (!failure.skippable) return { ok: false, message: failure.message };
  }
  return { ok: false, message: PRE_CHECK_MESSAGES.noValidHost };
}
