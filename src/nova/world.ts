/**
 * The emulated cloud as plain data: hosts, server templates and the servers present at
 * start. {@link DEFAULT_WORLD} is the world of the shared brief; `worlds/default.yaml` holds
 * the same data for people to copy and edit, checked by `validateWorld` (`world-schema.ts`,
 * kept apart so the emulator starts without the schema validator). Reading the file is
 * `world-file.ts`'s job; this module is pure.
 */
import type { ComputeHostState, VmState } from './world-types.js';

/** A compute host plus what the migration records show about it. */
export interface WorldHost extends ComputeHostState {
  /** `dest_host` of cold-migration records (Nova never sets it on a live migration). */
  readonly hostIp: string;
}

/** Live migration already under way when a server is created from a template. */
export interface TemplateMigration {
  readonly status: 'queued' | 'preparing' | 'running';
  readonly destination: string;
}

/** What a server created from a template looks like (everything but its identity). */
export interface ServerTemplate {
  readonly description: string;
  readonly vmState: VmState;
  readonly taskState: string | null;
  readonly locked: boolean;
  /** `false` = `launched_at` unset (a server that never booted). */
  readonly launched: boolean;
  readonly volumeBacked: boolean;
  readonly host: string;
  readonly liveMigration?: TemplateMigration | undefined;
}

/** A server present in the initial world, with a fixed UUID. */
export interface WorldServer {
  readonly id: string;
  readonly name: string;
  readonly template: string;
}

export interface WorldDefinition {
  readonly version: 1;
  /** The project every world server belongs to (hex, so it can appear in URLs). */
  readonly projectId: string;
  /** Owner (`user_id`) of world and fresh servers. */
  readonly userId: string;
  /** ISO instant of the world's clock at target creation when no clock is given. */
  readonly startTime: string;
  /** Seconds each live-migration phase (queued, preparing, running) lasts on the clock. */
  readonly migrationPhaseSeconds: number;
  /** Fresh servers kept per target; older fresh servers (and their migrations) are dropped. */
  readonly maxFreshServers: number;
  /** Flavor of every server: migration byte counters derive from it. */
  readonly flavor: { readonly memoryMb: number; readonly diskGb: number };
  readonly hosts: readonly WorldHost[];
  readonly templates: Readonly<Record<string, ServerTemplate>>;
  readonly servers: readonly WorldServer[];
}

const PROJECT = '6f70656e737461636b20726f636b7321';

function host(name: string, ip: string, extra: Partial<ComputeHostState> = {}): WorldHost {
  return {
    name,
    node: `${name}.local`,
    serviceState: 'up',
    serviceStatus: 'enabled',
    sharedStorageGroup: null,
    preCheckFailure: null,
    hypervisorType: 'QEMU',
    hostIp: ip,
    ...extra,
  };
}

function template(description: string, vmState: VmState, extra: Partial<ServerTemplate> = {}): ServerTemplate {
  return { description, vmState, taskState: null, locked: false, launched: true, volumeBacked: false, host: 'compute-01', ...extra };
}

/** The world of the shared brief (same data as `worlds/default.yaml`). */
export const DEFAULT_WORLD: WorldDefinition = {
  version: 1,
  projectId: PROJECT,
  userId: 'member',
  startTime: '2026-01-01T00:00:00Z',
  migrationPhaseSeconds: 10,
  maxFreshServers: 20000,
  flavor: { memoryMb: 1024, diskGb: 10 },
  hosts: [
    host('compute-01', '192.0.2.11', { sharedStorageGroup: 'nfs-a' }),
    host('compute-02', '192.0.2.12', { sharedStorageGroup: 'nfs-a' }),
    host('compute-03', '192.0.2.13', {
      preCheckFailure:
        'Error while check_can_live_migrate_destination from compute-01 to host compute-03: the destination refuses live migrations (emulated)',
    }),
    host('compute-04', '192.0.2.14', { serviceState: 'down' }),
  ],
  templates: {
    active: template('ACTIVE on compute-01, local disk on shared storage nfs-a', 'active'),
    paused: template('PAUSED on compute-01', 'paused'),
    shutoff: template('SHUTOFF (vm_state stopped) on compute-01', 'stopped'),
    locked: template('ACTIVE but locked (non-admins get 409)', 'active', { locked: true }),
    migrating: template('ACTIVE with a running live migration to compute-02', 'active', {
      taskState: 'migrating',
      liveMigration: { status: 'running', destination: 'compute-02' },
    }),
    error: template('vm_state error', 'error'),
    // On compute-03 (no shared storage): the server a user ticks "Block Migration" for. compute-03
    // is a fine source; only live migrations *to* it fail their pre-checks.
    'active-local-disk': template('ACTIVE on compute-03, local disk on local (non-shared) storage', 'active', { host: 'compute-03' }),
    'active-volume-backed': template('ACTIVE, boot from volume with no local disk', 'active', { volumeBacked: true }),
    'never-launched': template('vm_state active but launched_at unset (generic invalid-state 409)', 'active', { launched: false }),
  },
  servers: [
    { id: '5e000001-0000-4000-8000-000000000001', name: 'active', template: 'active' },
    { id: '5e000002-0000-4000-8000-000000000002', name: 'paused', template: 'paused' },
    { id: '5e000003-0000-4000-8000-000000000003', name: 'shutoff', template: 'shutoff' },
    { id: '5e000004-0000-4000-8000-000000000004', name: 'locked', template: 'locked' },
    { id: '5e000005-0000-4000-8000-000000000005', name: 'migrating', template: 'migrating' },
    { id: '5e000006-0000-4000-8000-000000000006', name: 'error', template: 'error' },
    { id: '5e000007-0000-4000-8000-000000000007', name: 'active-local-disk', template: 'active-local-disk' },
    { id: '5e000008-0000-4000-8000-000000000008', name: 'active-volume-backed', template: 'active-volume-backed' },
    { id: '5e000009-0000-4000-8000-000000000009', name: 'never-launched', template: 'never-launched' },
  ],
};
