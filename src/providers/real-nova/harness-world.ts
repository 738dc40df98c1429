/**
 * Turns the emulator's world definition into the JSON the Python harness seeds through
 * Nova's objects, so both worlds have the same project, hosts, server UUIDs and states.
 * Pure.
 */
import type { WorldDefinition } from '../../nova/world.js';
import type { VmState } from '../../nova/world-types.js';

/** What `nova_server.py` reads (snake_case, Nova's vocabulary). */
export interface HarnessWorld {
  readonly project_id: string;
  readonly user_id: string;
  readonly flavor: { readonly memory_mb: number; readonly disk_gb: number };
  readonly hosts: ReadonlyArray<HarnessHost>;
  readonly templates: Readonly<Record<string, HarnessTemplate>>;
  readonly servers: ReadonlyArray<{ id: string; name: string; template: string }>;
}

export interface HarnessHost {
  readonly name: string;
  readonly node: string;
  readonly up: boolean;
  readonly host_ip: string;
  /** Full mode: hosts of one group share an instances directory (null: local storage). */
  readonly shared_storage_group: string | null;
  /** Full mode: the MigrationPreCheckError reason of live migrations to this host. */
  readonly pre_check_failure: string | null;
}

export interface HarnessTemplate {
  readonly host: string;
  readonly vm_state: VmState;
  readonly task_state: string | null;
  /** Nova's power_state codes: 1 running, 3 paused, 4 shutdown, 0 no state. */
  readonly power_state: number;
  readonly launched: boolean;
  readonly locked: boolean;
  readonly volume_backed: boolean;
  readonly migration: { readonly status: string; readonly destination: string } | null;
}

const POWER_STATE: Readonly<Record<VmState, number>> = {
  active: 1,
  paused: 3,
  stopped: 4,
  suspended: 7,
  error: 0,
  building: 0,
  shelved_offloaded: 4,
};

/** The harness seed for `world` (the emulator's {@link WorldDefinition}). */
export function harnessWorld(world: WorldDefinition): HarnessWorld {
  const templates: Record<string, HarnessTemplate> = {};
  for (const [name, t] of Object.entries(world.templates)) {
    templates[name] = {
      host: t.host,
      vm_state: t.vmState,
      task_state: t.taskState,
      power_state: t.launched ? POWER_STATE[t.vmState] : 0,
      launched: t.launched,
      locked: t.locked,
      volume_backed: t.volumeBacked,
      migration: t.liveMigration ? { status: t.liveMigration.status, destination: t.liveMigration.destination } : null,
    };
  }
  return {
    project_id: world.projectId,
    user_id: world.userId,
    flavor: { memory_mb: world.flavor.memoryMb, disk_gb: world.flavor.diskGb },
    hosts: world.hosts.map((h) => ({
      name: h.name,
      node: h.node,
      up: h.serviceState === 'up',
      host_ip: h.hostIp,
      shared_storage_group: h.sharedStorageGroup,
      pre_check_failure: h.preCheckFailure,
    })),
    templates,
    servers: world.servers.map((s) => ({ id: s.id, name: s.name, template: s.template })),
  };
}
