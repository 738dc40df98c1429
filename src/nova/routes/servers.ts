/**
 * `GET /servers`, `/servers/detail`, `/servers/{id}`: minimal views with the fields a
 * live-migration client polls (status, task/vm state, host for admins, `locked` from 2.9). Pure.
 */
import { formatIsoSeconds } from '../clock.js';
import type { ServerRecord } from '../state.js';
import { bookmarkBase, findServer, instanceNotFound, selfBase, type ApiCall } from './api-call.js';
import { featureOn } from './microversion-features.js';
import { okJson, type Reply } from './respond.js';

/** Nova's `common._STATE_MAP` for the states the emulator produces. */
const STATUS_BY_VM_STATE: Readonly<Record<string, { default: string; tasks?: Readonly<Record<string, string>> }>> = {
  active: { default: 'ACTIVE', tasks: { migrating: 'MIGRATING', rebooting: 'REBOOT', resize_prep: 'RESIZE', resize_migrating: 'RESIZE', resize_migrated: 'RESIZE', resize_finish: 'RESIZE' } },
  paused: { default: 'PAUSED', tasks: { migrating: 'MIGRATING' } },
  stopped: { default: 'SHUTOFF', tasks: { resize_prep: 'RESIZE', resize_migrating: 'RESIZE', resize_migrated: 'RESIZE', resize_finish: 'RESIZE' } },
  resized: { default: 'VERIFY_RESIZE' },
  error: { default: 'ERROR' },
  building: { default: 'BUILD' },
  suspended: { default: 'SUSPENDED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
};

/** The API `status` of a vm_state/task_state pair. */
export function serverStatus(vmState: string, taskState: string | null): string {
  const row = STATUS_BY_VM_STATE[vmState];
  if (!row) return 'UNKNOWN';
  return (taskState !== null && row.tasks?.[taskState]) || row.default;
}

/** Nova's power_state numbers: running 1, paused 3, shutdown 4, nostate 0. */
function powerState(server: ServerRecord): number {
  if (server.launchedAtMs === null) return 0;
  return server.vmState === 'paused' ? 3 : server.vmState === 'stopped' ? 4 : server.vmState === 'error' ? 0 : 1;
}

function links(call: ApiCall, id: string): unknown[] {
  return [
    { rel: 'self', href: `${selfBase(call)}/servers/${id}` },
    { rel: 'bookmark', href: `${bookmarkBase(call)}/servers/${id}` },
  ];
}

/** The detailed server view. */
export function serverView(call: ApiCall, server: ServerRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: server.id,
    name: server.name,
    status: serverStatus(server.vmState, server.taskState),
    tenant_id: server.projectId,
    user_id: server.userId,
    created: formatIsoSeconds(server.createdAtMs),
    updated: formatIsoSeconds(server.updatedAtMs),
    links: links(call, server.id),
    'OS-EXT-STS:task_state': server.taskState,
    'OS-EXT-STS:vm_state': server.vmState,
    'OS-EXT-STS:power_state': powerState(server),
    'OS-SRV-USG:launched_at': server.launchedAtMs === null ? null : `${formatIsoSeconds(server.launchedAtMs).slice(0, 19)}.000000`,
  };
  if (call.caller.isAdmin) {
    view['OS-EXT-SRV-ATTR:host'] = server.host;
    view['OS-EXT-SRV-ATTR:hypervisor_hostname'] = server.node;
    view['OS-EXT-SRV-ATTR:instance_name'] = `instance-${server.id.slice(0, 8)}`;
  }
  if (featureOn('serverLocked', call.version, call.legacyV2)) view['locked'] = server.locked;
  return view;
}

function visibleServers(call: ApiCall): ServerRecord[] {
  const all = call.caller.isAdmin && ['1', 'true', 'True'].includes(call.query.get('all_tenants') ?? '');
  const out: ServerRecord[] = [];
  for (const server of call.state.servers.values()) {
    if (all || server.projectId === call.caller.projectId) out.push(server);
  }
  return out;
}

/** `GET /servers`: id, links, name of the caller's servers (`all_tenants` for admins). */
export function listServers(call: ApiCall): Reply {
  return okJson({ servers: visibleServers(call).map((s) => ({ id: s.id, links: links(call, s.id), name: s.name })) });
}

/** `GET /servers/detail`: the detailed view of each visible server. */
export function listServersDetail(call: ApiCall): Reply {
  return okJson({ servers: visibleServers(call).map((s) => serverView(call, s)) });
}

/** `GET /servers/{id}`: 404 for unknown or other projects' servers (non-admin). */
export function showServer(call: ApiCall): Reply {
  const id = call.params['id']!;
  const server = findServer(call, id);
  if (!server) return instanceNotFound(id);
  return okJson({ server: serverView(call, server) });
}
