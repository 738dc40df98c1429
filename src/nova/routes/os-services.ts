/** `GET /os-services` (admin): one nova-compute service per world host; `binary`/`host` filters. Pure. */
import { formatNovaTimestamp } from '../clock.js';
import { deterministicUuid, targetNow } from '../state.js';
import { requireAdmin, type ApiCall } from './api-call.js';
import { featureOn } from './microversion-features.js';
import { okJson, type Reply } from './respond.js';

const SERVICE_UUID_KIND = 0x5e7c0000;

/** `GET /os-services` (admin only). */
export function listServices(call: ApiCall): Reply {
  const denied = requireAdmin(call, 'os_compute_api:os-services:list');
  if (denied) return denied;
  const binary = call.query.get('binary');
  const hostFilter = call.query.get('host');
  const uuidIds = featureOn('uuidIds', call.version, call.legacyV2);
  const forcedDown = featureOn('serviceForcedDown', call.version, call.legacyV2);
  const updated = formatNovaTimestamp(targetNow(call.state));
  const services = call.state.world.hosts
    .map((h, i) => ({ host: h, id: i + 1 }))
    .filter(({ host }) => (binary === null || binary === 'nova-compute') && (hostFilter === null || host.name === hostFilter))
    .map(({ host, id }) => {
      const view: Record<string, unknown> = {
        binary: 'nova-compute',
        host: host.name,
        id: uuidIds ? deterministicUuid(SERVICE_UUID_KIND, id) : id,
        zone: 'nova',
        status: host.serviceStatus,
        state: host.serviceState,
        updated_at: updated,
        disabled_reason: null,
      };
      if (forcedDown) view['forced_down'] = false;
      return view;
    });
  return okJson({ services });
}
