/**
 * What Nova answers to a schema-valid os-migrateLive action, in the controller's order after the
 * schema: instance lookup (404) → policy (403) → force without host (400) → lock (409) →
 * state (409) → host lookup (400) → the conductor's pre-checks (400 below 2.34; from 2.34 the
 * 202 is sent first and the failure lands on the migration record). Pure.
 *
 * Sources (Nova 26.2.2 as installed, plus master/stable tags where noted):
 * `api/openstack/compute/migrate_server.py` `_migrate_live`, `compute/api.py` `live_migrate` and
 * its `check_instance_lock`/`check_instance_state` decorators (they run BEFORE the host lookup in
 * the body), `api/openstack/common.py` `raise_http_conflict_for_instance_invalid_state`,
 * `conductor/tasks/live_migrate.py` `LiveMigrationTask`, `conductor/manager.py` `_live_migrate`,
 * `virt/libvirt/driver.py` `check_can_live_migrate_source`, `compute/manager.py`
 * `check_can_live_migrate_destination`, `scheduler/manager.py`.
 */
import type { HostHandling, MigrateLiveAction, NovaFault } from './contract.js';
import type { NovaRelease } from '../microversion/releases.js';
import type { Caller, ComputeHostState, ServerState } from './world-types.js';
import { fault, FAULT_MESSAGES, invalidStateFault } from './faults.js';
import { runLiveMigrationPreChecks } from './live-migration-prechecks.js';

/** The controller action name in Nova's invalid-state texts. */
export const MIGRATE_LIVE_ACTION_NAME = 'os-migrateLive';

/** Policy rule names (`nova/policies/migrate_server.py`). */
export const MIGRATE_LIVE_POLICIES = Object.freeze({
  migrateLive: 'os_compute_api:os-migrate-server:migrate_live',
  /** 32.0.0+: checked instead of `migrate_live` when a host is given. */
  migrateLiveHost: 'os_compute_api:os-migrate-server:migrate_live:host',
});

export type LiveMigrationStage = 'instance-lookup' | 'policy' | 'force-without-host' | 'lock' | 'state' | 'host-lookup' | 'pre-check';

export interface LiveMigrationDecisionInput {
  readonly action: MigrateLiveAction;
  /** The server id exactly as in the URL (Nova prints it in 404 and invalid-state texts). */
  readonly serverId: string;
  readonly server: ServerState | undefined;
  readonly caller: Caller;
  readonly release: NovaRelease;
  readonly hosts: readonly ComputeHostState[];
  /**
   * A policy override that lets non-admins live-migrate (master's `project_manager_or_admin`
   * for a manager, or a custom policy file). Default false: the default policy denies them.
   * Only then is the lock check (admins bypass it) reachable.
   */
  readonly nonAdminAllowed?: boolean;
}

export type LiveMigrationDecision =
  | { readonly kind: 'fault'; readonly fault: NovaFault; readonly stage: LiveMigrationStage }
  | {
      readonly kind: 'accepted';
      /**
       * Where the server goes: the forced host or the one the scheduler picked. `null` only when
       * the (asynchronous, 2.34+) pre-checks failed before any destination was chosen.
       */
      readonly destination: string | null;
      /** `dest_compute` of the migration record (conductor sets it to the forced host, else the pick). */
      readonly migrationDestCompute: string | null;
      readonly hostHandling: HostHandling;
      /**
       * 2.34+ only: the failure text the pre-checks produce after the 202. The migration record
       * goes to `error`, the instance keeps its vm_state and its task_state returns to null.
       */
      readonly preCheckError: string | null;
    };

/**
 * Default policy as the emulator models it: only admins may live-migrate (≤ 31.x default
 * `rule:admin_api`; master's `project_manager_or_admin` manager role is not modelled, so
 * non-admins stay denied). With a truthy host, 32.0.0+ checks `migrate_live:host`.
 */
export function migrateLivePolicyRule(release: NovaRelease, host: string | null): string {
  return host && release.migrateLiveHostPolicy ? MIGRATE_LIVE_POLICIES.migrateLiveHost : MIGRATE_LIVE_POLICIES.migrateLive;
}

const ALLOWED_VM_STATES: readonly string[] = ['active', 'paused'];

/** `check_instance_state(vm_state=[ACTIVE, PAUSED])` (task_state must be None, must have launched). */
export function migrateLiveStateFault(serverId: string, server: ServerState): NovaFault | null {
  const name = MIGRATE_LIVE_ACTION_NAME;
  let attr: string | null = null;
  let state: string | null = null;
  if (!ALLOWED_VM_STATES.includes(server.vmState)) [attr, state] = ['vm_state', server.vmState];
  else if (server.taskState !== null) [attr, state] = ['task_state', server.taskState];
  else if (!server.launchedAt) [attr, state] = ['launched_at', server.launchedAt];
  if (attr === null) return null;
  return invalidStateFault(name, serverId, attr, state);
}

/** Runs the controller order for a schema-valid os-migrateLive action. */
export function decideLiveMigration(input: LiveMigrationDecisionInput): LiveMigrationDecision {
  const { action, serverId, server, caller, release, hosts } = input;
  const stop = (stage: LiveMigrationStage, f: NovaFault): LiveMigrationDecision => ({ kind: 'fault', fault: f, stage });

  if (!server) return stop('instance-lookup', fault(404, FAULT_MESSAGES.instanceNotFound(serverId)));
  if (!caller.isAdmin && input.nonAdminAllowed !== true) return stop('policy', fault(403, FAULT_MESSAGES.policyNotAllowed(migrateLivePolicyRule(release, action.host))));
  if (action.force === true && !action.host) return stop('force-without-host', fault(400, FAULT_MESSAGES.forceWithoutHost));
  if (server.locked && !caller.isAdmin) return stop('lock', fault(409, FAULT_MESSAGES.instanceLocked(server.id)));
  const stateFault = migrateLiveStateFault(serverId, server);
  if (stateFault) return stop('state', stateFault);
  if (action.host && !hosts.some((h) => h.name === action.host)) {
    return stop('host-lookup', fault(400, FAULT_MESSAGES.computeHostNotFound(action.host)));
  }

  const outcome = runLiveMigrationPreChecks({ action, server, release, hosts });
  if (outcome.ok) {
    return { kind: 'accepted', destination: outcome.destination, migrationDestCompute: outcome.destination, hostHandling: action.hostHandling, preCheckError: null };
  }
  if (!action.asyncPreChecks) return stop('pre-check', fault(400, outcome.message));
  return {
    kind: 'accepted',
    destination: null,
    migrationDestCompute: action.hostHandling === 'forced' ? action.host : null,
    hostHandling: action.hostHandling,
    preCheckError: outcome.message,
  };
}
