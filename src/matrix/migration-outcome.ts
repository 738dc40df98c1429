/**
 * From 2.34 Nova answers an os-migrateLive 202 before its pre-checks run; a failure shows only
 * on the migration record. The runner reads that record back so a cell is judged by what
 * happened, not by the 202 alone.
 */
import { hasSwitch } from '../nova/bands.js';
import type { NovaTarget } from '../nova/target.js';
import { effectiveMicroversion } from './effective-microversion.js';
import type { Transport } from '../http/http-transport.js';
import type { CellRequest, CellResponse, MigrationOutcome } from './result.js';

/** `/os-migrations` lists `migration_type` from 2.23, below every microversion with async pre-checks. */
const LIST_MICROVERSION = '2.23';

/** True when the request was accepted at a microversion whose pre-checks run after the 202. */
export function needsMigrationReadBack(request: CellRequest, response: CellResponse, target: NovaTarget): boolean {
  if (response.status < 200 || response.status >= 300) return false;
  const effective = effectiveMicroversion(request, response, target);
  return effective !== undefined && hasSwitch('asyncPreChecks', effective.version, { legacyV2: effective.legacyV2 });
}

/** The server's newest live-migration record in an `/os-migrations` body, or `null` if it has none. */
export function newestLiveMigration(body: string, serverId: string): MigrationOutcome | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const list = (parsed as { migrations?: unknown } | null)?.migrations;
  if (!Array.isArray(list)) return null;
  let newest: MigrationOutcome | null = null;
  for (const item of list as Array<Record<string, unknown>>) {
    if (item['instance_uuid'] !== serverId || item['migration_type'] !== 'live-migration') continue;
    const id = item['id'];
    const status = item['status'];
    if (typeof id !== 'number' || typeof status !== 'string') continue;
    if (newest === null || id > newest.id) newest = { id, status };
  }
  return newest;
}

/**
 * Reads the server's newest live-migration record (as admin); `null` when the server has none
 * (a real Nova without a conductor never makes one: the classifier says "not verified").
 * Throws when the record could not be read — the transport failed, the deadline passed, or the
 * list answered anything but 200 — so the cell counts as failed instead of being judged by
 * the 202 alone.
 */
export async function readMigrationOutcome(
  transport: Transport,
  computeUrl: string,
  serverId: string,
  adminToken: string,
): Promise<MigrationOutcome | null> {
  const url = `${computeUrl}/os-migrations?instance_uuid=${encodeURIComponent(serverId)}`;
  let response;
  try {
    response = await transport.send({
      method: 'GET',
      url,
      headers: {
        accept: 'application/json',
        'x-auth-token': adminToken,
        'x-openstack-nova-api-version': LIST_MICROVERSION,
        'openstack-api-version': `compute ${LIST_MICROVERSION}`,
      },
    });
  } catch (error) {
    throw new Error(`migration read-back failed: ${(error as Error).message}`, { cause: error });
  }
  if (response.status !== 200) throw new Error(`migration read-back failed: GET ${url} answered HTTP ${response.status}`);
  return newestLiveMigration(response.body, serverId);
}
