/**
 * The emulated cloud's state as plain data: compute hosts and servers. The default world,
 * its YAML loader and its schema live in `world.ts`; decisions read these types.
 */

export interface ComputeHostState {
  /** Service host name, e.g. `compute-01`; the hypervisor node is `<name>.local` unless set. */
  readonly name: string;
  readonly node: string;
  /** nova-compute service state as `os-services` shows it. */
  readonly serviceState: 'up' | 'down';
  readonly serviceStatus: 'enabled' | 'disabled';
  /**
   * Hosts with the same non-null group share instance storage (e.g. NFS): a block migration
   * between them fails (`InvalidLocalStorage`), a non-block one between hosts that do not
   * share storage fails for servers with local disks (`InvalidSharedStorage`).
   */
  readonly sharedStorageGroup: string | null;
  /** When set, live-migration pre-checks towards this host fail with this `MigrationPreCheckError` reason. */
  readonly preCheckFailure: string | null;
  readonly hypervisorType: string;
}

export type VmState = 'active' | 'paused' | 'stopped' | 'error' | 'building' | 'suspended' | 'shelved_offloaded';

export interface ServerState {
  /** Instance UUID. */
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
  readonly userId: string;
  /** Compute host the server runs on (`OS-EXT-SRV-ATTR:host`). */
  readonly host: string;
  readonly node: string;
  readonly vmState: VmState;
  readonly taskState: string | null;
  readonly locked: boolean;
  /** `null` when the server never launched (generic invalid-state 409). */
  readonly launchedAt: string | null;
  /** Boot-from-volume with no local disks: needs neither shared storage nor block migration. */
  readonly volumeBacked: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Who calls: `noauth2` token `<user>:<project>`; user `admin` is admin. */
export interface Caller {
  readonly userId: string;
  readonly projectId: string;
  readonly isAdmin: boolean;
}
