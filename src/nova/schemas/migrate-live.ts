/**
 * The os-migrateLive request schemas per band (`nova/api/openstack/compute/schemas/migrate_server.py`),
 * in Nova's dict order: `migrate_live` (2.0–2.24), `_v2_25` (2.25–2.29), `_v2_30` (2.30–2.67),
 * `_v2_68` (2.68+, identical to 2.25). Pure.
 */
import type { MigrateLiveBandId } from '../contract.js';
import type { NovaSchema } from './json-schema.js';
import { BOOLEAN_ENUM, booleanType, FQDN_REORDERED_SINCE_MAJOR, hostType, hostTypeV32 } from './parameter-types.js';

function action(inner: NovaSchema): NovaSchema {
  return { type: 'object', properties: { 'os-migrateLive': inner }, required: ['os-migrateLive'], additionalProperties: false };
}

/** `block_migration` from 2.25: the boolean enum plus exactly `"auto"` (appended last). */
export const blockMigrationV225: NovaSchema = { type: ['boolean', 'string'], enum: [...BOOLEAN_ENUM, 'auto'] };

function buildSchemas(host: NovaSchema): Readonly<Record<MigrateLiveBandId, NovaSchema>> {
  const v20 = action({
    type: 'object',
    properties: { block_migration: booleanType, disk_over_commit: booleanType, host },
    required: ['block_migration', 'disk_over_commit', 'host'],
    additionalProperties: false,
  });
  // Nova deep-copies the 2.0 schema, deletes disk_over_commit and re-assigns block_migration in
  // place, so block_migration stays first and host second.
  const v225 = action({
    type: 'object',
    properties: { block_migration: blockMigrationV225, host },
    required: ['block_migration', 'host'],
    additionalProperties: false,
  });
  const v230 = action({
    type: 'object',
    properties: { block_migration: blockMigrationV225, host, force: booleanType },
    required: ['block_migration', 'host'],
    additionalProperties: false,
  });
  return Object.freeze({ '2.1': v20, '2.25': v225, '2.30': v230, '2.68': v225 });
}

/** The schema Nova ≤ 31.x applies for each band (verified against Nova 26.2.2). */
export const MIGRATE_LIVE_SCHEMAS = buildSchemas(hostType);
/** The same from Nova 32.0.0 (fqdn keyword order changed). */
export const MIGRATE_LIVE_SCHEMAS_V32 = buildSchemas(hostTypeV32);

/** The schema for a band on a Nova major version (default: the ≤ 31.x order). */
export function migrateLiveSchema(band: MigrateLiveBandId, novaMajor?: number): NovaSchema {
  const table = novaMajor !== undefined && novaMajor >= FQDN_REORDERED_SINCE_MAJOR ? MIGRATE_LIVE_SCHEMAS_V32 : MIGRATE_LIVE_SCHEMAS;
  return table[band];
}
