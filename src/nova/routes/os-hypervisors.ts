/** `GET /os-hypervisors[/detail]` (admin): one hypervisor per world host; ids are UUIDs from 2.53. Pure. */
import { deterministicUuid } from '../state.js';
import type { WorldHost } from '../world.js';
import { requireAdmin, type ApiCall } from './api-call.js';
import { featureOn } from './microversion-features.js';
import { okJson, type Reply } from './respond.js';

const NODE_UUID_KIND = 0x4e0d0000;
const SERVICE_UUID_KIND = 0x5e7c0000;

function view(call: ApiCall, host: WorldHost, index: number, detail: boolean): Record<string, unknown> {
  const uuidIds = featureOn('uuidIds', call.version, call.legacyV2);
  const out: Record<string, unknown> = {
    id: uuidIds ? deterministicUuid(NODE_UUID_KIND, index + 1) : index + 1,
    hypervisor_hostname: host.node,
    state: host.serviceState,
    status: host.serviceStatus,
  };
  if (!detail) return out;
  out['hypervisor_type'] = host.hypervisorType;
  out['hypervisor_version'] = 6002000;
  out['host_ip'] = host.hostIp;
  out['service'] = { id: uuidIds ? deterministicUuid(SERVICE_UUID_KIND, index + 1) : index + 1, host: host.name, disabled_reason: null };
  if (featureOn('hypervisorCounters', call.version, call.legacyV2)) {
    const memoryMb = 16384;
    Object.assign(out, {
      vcpus: 8, memory_mb: memoryMb, local_gb: 100, vcpus_used: 0, memory_mb_used: 512, local_gb_used: 0,
      free_ram_mb: memoryMb - 512, free_disk_gb: 100, current_workload: 0, running_vms: 0, disk_available_least: 100,
    });
    out['cpu_info'] = featureOn('cpuInfoString', call.version, call.legacyV2) ? '{}' : {};
  }
  if (featureOn('hypervisorUptime', call.version, call.legacyV2)) out['uptime'] = null;
  return out;
}

/** `GET /os-hypervisors` (admin only). */
export function listHypervisors(call: ApiCall): Reply {
  const denied = requireAdmin(call, 'os_compute_api:os-hypervisors:list');
  if (denied) return denied;
  return okJson({ hypervisors: call.state.world.hosts.map((h, i) => view(call, h, i, false)) });
}

/** `GET /os-hypervisors/detail` (admin only). */
export function listHypervisorsDetail(call: ApiCall): Reply {
  const denied = requireAdmin(call, 'os_compute_api:os-hypervisors:list-detail');
  if (denied) return denied;
  return okJson({ hypervisors: call.state.world.hosts.map((h, i) => view(call, h, i, true)) });
}
